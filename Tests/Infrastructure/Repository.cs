namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>Where the repository and the build outputs the tests run against are.</summary>
public static class Repository
{
    public const string SolutionFileName = "Orleans.Rec.sln";

    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFileName)))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFileName} above {AppContext.BaseDirectory}.");
    });

    /// <summary>The folder holding <c>Orleans.Rec.sln</c>.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>The build configuration of this test assembly; the projects it references were built the same way.</summary>
    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The built crash writer, a process the crash tests kill mid-write.</summary>
    public static string CrashWriter => Path.Combine(Root, "Tests.CrashWriter", "bin", Configuration, "net10.0", "Orleans.Rec.Tests.CrashWriter.dll");

    /// <summary>The built <c>rec</c> tool.</summary>
    public static string RecTool => Path.Combine(Root, "Tools", "bin", Configuration, "net10.0", "rec.dll");
}

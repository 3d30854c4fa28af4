namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// Locates the real data sets that live beside the repository (<c>../shared/data</c>, never inside it), or in the folder
/// named by <c>REC_SHARED_DATA</c>. Absent on a user's checkout: tests that need it skip.
/// </summary>
public static class SharedData
{
    public const string EnvironmentVariable = "REC_SHARED_DATA";
    public const string SolutionFileName = "Orleans.Rec.sln";

    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The data folder, or null when it cannot be found.</summary>
    public static string? Directory => Root.Value;

    /// <summary>Why the folder was not found, for skip messages.</summary>
    public static string MissingReason =>
        $"Shared data not found: set {EnvironmentVariable} or put the data sets in ../shared/data beside the folder holding {SolutionFileName}.";

    /// <summary>The full path of <paramref name="relativePath"/> under the data folder.</summary>
    /// <exception cref="InvalidOperationException">The folder is absent (use <see cref="SharedDataFactAttribute"/>).</exception>
    public static string PathOf(string relativePath) =>
        Path.Combine(Directory ?? throw new InvalidOperationException(MissingReason), relativePath);

    private static string? Locate()
    {
        var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return System.IO.Directory.Exists(overridden) ? Path.GetFullPath(overridden) : null;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, SolutionFileName)))
            {
                var candidate = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data"));
                return System.IO.Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// A fact that needs a program installed on the machine (Debian's <c>chromium</c>, <c>prometheus</c>; <c>.ci/run</c>
/// installs them); it skips, saying which and how to install it, when the file is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ExecutableFactAttribute : FactAttribute
{
    public ExecutableFactAttribute(string path, string debianPackage)
    {
        if (!File.Exists(path))
        {
            Skip = $"{path} is absent: apt-get install -y {debianPackage} (.ci/run does)";
        }
    }
}

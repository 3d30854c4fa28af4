namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// Where tests leave files for people to look at (screenshots): <c>REC_TEST_ARTIFACTS</c> when set, otherwise
/// <c>.ci-work/results</c> in the repository, beside the test results <c>.ci/run</c> writes.
/// </summary>
public static class TestArtifacts
{
    public static string PathOf(string fileName)
    {
        var folder = Environment.GetEnvironmentVariable("REC_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Repository.Root, ".ci-work", "results");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }
}

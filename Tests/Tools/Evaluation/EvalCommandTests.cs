using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Tools.Evaluation;

public sealed class EvalCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [SharedDataFact]
    public async Task Eval_WithOutIntoAFileWithACompressionSection_RewritesTheTopAndKeepsThatSection()
    {
        var markdown = Path.Combine(_directory.Path, "accuracy.md");
        const string kept = "## Model compression\n\n| model | HR@10 |\n| --- | ---: |\n| distilled 16 | 0.1333 |\n";
        await File.WriteAllTextAsync(markdown, "# Offline accuracy\n\nold figures\n\n" + kept);

        await ChildProcess.RunAsync(
            "dotnet",
            [Repository.RecTool, "eval", "--events", SharedData.PathOf("otto_sample/train.jsonl"), "--dims", "8", "--out", markdown],
            TimeSpan.FromMinutes(2));

        var text = await File.ReadAllTextAsync(markdown);
        Assert.StartsWith("# Offline accuracy\n\nMeasured ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("old figures", text, StringComparison.Ordinal);
        Assert.EndsWith("\n\n" + kept, text, StringComparison.Ordinal);
        Assert.Single(text.Split("## Model compression")[1..]);
    }

    public void Dispose() => _directory.Dispose();
}

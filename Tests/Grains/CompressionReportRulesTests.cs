using Orleans.Rec.Models;

namespace Orleans.Rec.Tests.Grains;

public sealed class CompressionReportRulesTests
{
    private const string Sha = "00aa";

    private static CompressionReport Report() => new()
    {
        Teacher = new CompressedModelFigures { OnnxSha256 = "ff00", Items = 10, Dimensions = 64, HitRate10 = 0.2, Ndcg10 = 0.1, PredictionsPerSecond = 100 },
        Student = new CompressedModelFigures { OnnxSha256 = Sha, Items = 4, Dimensions = 16, HitRate10 = 0.19, Ndcg10 = 0.09, PredictionsPerSecond = 300 },
        Agreement = 0.8,
        AgreementK = 10,
        HeldOutCases = 50,
        ThroughputBatch = 32,
    };

    [Fact]
    public void Check_WhenTheReportDescribesTheUploadedArtifact_FindsNothing()
    {
        Assert.Empty(CompressionReportRules.Check(Report(), "00AA", itemCount: 4));
    }

    [Fact]
    public void Check_WhenTheReportIsForAnotherModel_SaysWhich()
    {
        var problems = CompressionReportRules.Check(Report(), "bbbb", itemCount: 5);

        Assert.Equal(
            [
                "the compression report describes another model (student SHA-256 '00aa'), not the uploaded artifact (bbbb)",
                "the compression report's student has 4 items but the config lists 5",
            ],
            problems);
    }

    [Fact]
    public void Check_WhenFiguresAreOutOfRange_ListsEveryProblem()
    {
        var report = Report() with
        {
            Agreement = 1.5,
            HeldOutCases = -1,
            Teacher = Report().Teacher with { OnnxBytes = -1 },
            Student = Report().Student with { HitRate10 = 2, PredictionsPerSecond = double.PositiveInfinity },
        };

        Assert.Equal(
            [
                "the compression report's agreement must be between 0 and 1",
                "the compression report's counts must not be negative",
                "the compression report's teacher sizes must not be negative",
                "the compression report's student sparsity, HR@10 and NDCG@10 must be between 0 and 1",
                "the compression report's student throughput must be a finite, non-negative number",
            ],
            CompressionReportRules.Check(report, Sha, itemCount: 4));
    }
}

using System.Security.Cryptography;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Compression;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tests.Tools.Compression;

public sealed class CompressCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [SharedDataFact]
    public async Task Compress_AfterTrainingWithTheSameHeldOutUsers_WritesASmallerModelAndAReportThatDescribesIt()
    {
        var events = SharedData.PathOf("diginetica_sample/sample_train-item-views.csv");
        var teacher = Path.Combine(_directory.Path, "teacher");
        var student = Path.Combine(_directory.Path, "student");
        await ChildProcess.RunAsync("dotnet", [Repository.RecTool, "train", "--events", events, "--dims", "32", "--hold-out-users", "0.2", "--no-holdout", "--out", teacher], TimeSpan.FromMinutes(2));

        var output = await ChildProcess.RunAsync(
            "dotnet",
            [Repository.RecTool, "compress", "--model", teacher, "--events", events, "--out", student, "--prune-min-events", "2", "--distill-dim", "8", "--epochs", "2", "--throughput-seconds", "1"],
            TimeSpan.FromMinutes(3));

        var report = CompressionReportFile.Read(student)!;
        var (studentOnnx, studentConfig) = ModelArtifacts.Read(student);
        var (teacherOnnx, teacherConfig) = ModelArtifacts.Read(teacher);
        Assert.Contains("Top-10 agreement with the teacher:", output, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(studentOnnx)), report.Student.OnnxSha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(teacherOnnx)), report.Teacher.OnnxSha256);
        Assert.Equal(teacherConfig.ItemIds.Length, report.Teacher.Items);
        Assert.Equal(studentConfig.ItemIds.Length, report.Student.Items);
        Assert.Equal((8, 32), (report.Student.Dimensions, report.Teacher.Dimensions));
        Assert.Equal(studentOnnx.Length, report.Student.OnnxBytes);
        Assert.StartsWith($"catalog pruning (fewer than 2 events): {teacherConfig.ItemIds.Length - studentConfig.ItemIds.Length:N0} of {teacherConfig.ItemIds.Length:N0} items dropped; distillation to 8 dims", report.Method, StringComparison.Ordinal);
        Assert.Equal(390, report.HeldOutCases);
        Assert.Equal(32, report.ThroughputBatch);
        Assert.True(report.Student.StoredBytes < report.Teacher.StoredBytes / 4, $"{report.Student.StoredBytes} vs {report.Teacher.StoredBytes} bytes at rest");
        Assert.True(report.Student.PredictionsPerSecond > 0 && report.Teacher.PredictionsPerSecond > 0);
        Assert.InRange(report.Agreement, 0.01, 1);
        Assert.Equal(teacherConfig.HistoryLength, studentConfig.HistoryLength);
        Assert.Null(studentConfig.Training!.Metrics);

        // Lineage: rec train records which data (the file's SHA-256 and its time range); the student keeps it.
        var dataSha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(events)));
        Assert.Equal(dataSha, teacherConfig.Training!.DataSha256);
        Assert.True(teacherConfig.Training.DataFrom < teacherConfig.Training.DataTo, $"{teacherConfig.Training.DataFrom} .. {teacherConfig.Training.DataTo}");
        Assert.Equal((dataSha, teacherConfig.Training.DataFrom, teacherConfig.Training.DataTo), (studentConfig.Training.DataSha256, studentConfig.Training.DataFrom, studentConfig.Training.DataTo));
        Assert.Contains("compressed by rec compress: catalog pruning", studentConfig.Training.Algorithm, StringComparison.Ordinal);
        Assert.Contains("20% of the users held out (seed 42)", teacherConfig.Training!.Algorithm, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compress_WhenNothingIsAsked_FailsWithAUsageError()
    {
        var model = Path.Combine(_directory.Path, "m");
        Directory.CreateDirectory(model);
        var events = Path.Combine(_directory.Path, "events.jsonl");
        await File.WriteAllTextAsync(events, """{"eventId":"e1","userId":"u","itemId":"i","type":"view","timestamp":"2026-11-27T10:00:00Z"}""" + "\n");
        ModelArtifacts.Write(model, TinyModel.Artifact(), TinyModel.Config());
        using var child = ChildProcess.Start("dotnet", [Repository.RecTool, "compress", "--model", model, "--events", events, "--out", Path.Combine(_directory.Path, "out")]);

        var code = await child.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, code);
        Assert.Contains("nothing to do: give --prune-min-events, --prune-inactive-days, --prune-sparsity, --distill-dim or --quantize.", child.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "out")));
    }

    public void Dispose() => _directory.Dispose();
}

using System.Globalization;
using System.Security.Cryptography;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Evaluation;
using Orleans.Rec.Tools.Onnx;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Compression;

/// <summary>
/// <c>rec compress</c> without the command line: catalog pruning, then distillation, then magnitude pruning (each
/// optional), export with the same graph builder and config, then the report: sizes at rest, throughput, top-k agreement
/// with the teacher and HR@10 / NDCG@10 of both, on users held out of distillation.
/// </summary>
public sealed class ModelCompressor(CompressionOptions options)
{
    private const int EvaluationWindow = 50;

    public CompressionOptions Options { get; } = options;

    public async Task<CompressionOutcome> CompressAsync(
        byte[] teacherOnnx,
        ModelConfig teacherConfig,
        SequenceDataset data,
        string source,
        IProgress<(string Stage, double Fraction)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(teacherOnnx);
        ArgumentNullException.ThrowIfNull(teacherConfig);
        ArgumentNullException.ThrowIfNull(data);
        var teacher = EmbeddingTableReader.Read(teacherOnnx, teacherConfig);
        var holdout = UserHoldout.Create(data.Sequences, Options.HoldoutFraction, Options.Seed);
        if (holdout.HeldOut.Count == 0)
        {
            throw new InvalidDataException("no held-out user has two or more items: the log is too small to measure the compressed model");
        }

        var steps = new List<string>();
        var current = teacher;
        if (Options.MinEvents > 0 || Options.Recent is not null)
        {
            progress?.Report(("catalog pruning", 0));
            var pruning = CatalogPruner.Prune(current, data, Options.MinEvents, Options.Recent);
            current = pruning.Model;
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"catalog pruning ({CatalogRule()}): {pruning.Dropped:N0} of {teacher.ItemIds.Length:N0} items dropped"));
        }

        DistillationResult? distillation = null;
        if (Options.Distillation is { } distillationOptions)
        {
            var histories = DistillationHistories(holdout.Distillation, data, current, teacherConfig.HistoryLength);
            var distiller = new EmbeddingDistiller(distillationOptions);
            distillation = distiller.Distill(
                current,
                histories,
                progress is null ? null : new ForwardingProgress<TrainingProgress>(p => progress.Report(($"distil ({p.Stage})", p.Fraction))),
                cancellationToken);
            current = distillation.Student;
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{distiller.Describe()} on {distillation.Histories:N0} histories, final loss {distillation.EpochLoss.LastOrDefault():F4}"));
        }

        if (Options.Sparsity > 0)
        {
            current = current with { Table = MagnitudePruner.Prune(current.Table, current.Dimensions, Options.Sparsity) };
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"magnitude pruning of the item table to {Options.Sparsity:P0} zeros"));
        }

        if (Options.Quantization != ArtifactQuantization.None)
        {
            steps.Add($"{Options.Quantization.ToString().ToLowerInvariant()} quantization at upload");
        }

        var studentOnnx = RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(current.Table, current.Rows, current.Dimensions));
        var method = steps.Count == 0 ? "none (a copy of the teacher)" : string.Join("; ", steps);
        var studentConfig = teacherConfig with
        {
            ItemIds = current.ItemIds,
            Training = (teacherConfig.Training ?? new TrainingInfo()) with
            {
                Algorithm = $"{teacherConfig.Training?.Algorithm ?? "unknown"}; compressed by rec compress: {method}",
                Dimensions = current.Dimensions,

                // The teacher's holdout metrics do not describe the student; its own are in the compression report.
                Metrics = null,
            },
        };

        var report = await MeasureAsync(teacherOnnx, teacherConfig, teacher, studentOnnx, studentConfig, current, data, holdout, progress, cancellationToken);
        report = report with { Method = method, Source = source };
        return new CompressionOutcome(studentOnnx, studentConfig, report, distillation);
    }

    /// <summary>Every prefix of the distillation users' sequences, in the model's indices (unknown items dropped), cut to the history length.</summary>
    internal static List<long[]> DistillationHistories(IReadOnlyList<int[]> sequences, SequenceDataset data, TrainedModel model, int historyLength)
    {
        var indexOf = ModelIndex(model.ItemIds);
        var histories = new List<long[]>();
        foreach (var sequence in sequences)
        {
            var mapped = sequence.Select(raw => indexOf.GetValueOrDefault(data.ItemIds[raw])).Where(i => i > 0).ToArray();
            for (var end = 1; end <= mapped.Length; end++)
            {
                histories.Add(mapped[Math.Max(0, end - historyLength)..end]);
            }
        }

        return histories;
    }

    private async Task<CompressionReport> MeasureAsync(
        byte[] teacherOnnx,
        ModelConfig teacherConfig,
        TrainedModel teacher,
        byte[] studentOnnx,
        ModelConfig studentConfig,
        TrainedModel student,
        SequenceDataset data,
        UserHoldout holdout,
        IProgress<(string Stage, double Fraction)>? progress,
        CancellationToken cancellationToken)
    {
        var quantization = Options.Quantization;
        var servedStudent = OnnxQuantizer.Quantize(studentOnnx, quantization);
        var tests = holdout.HeldOut;
        var historyLength = teacherConfig.HistoryLength;
        string[][] histories = [.. tests.Select(t => t.History[Math.Max(0, t.History.Length - historyLength)..].Select(raw => data.ItemIds[raw]).ToArray())];

        progress?.Report(("accuracy", 0));
        var evaluator = new OfflineEvaluator(historyLength, EvaluationWindow);
        var teacherMetrics = MetricSummary.FromRanks("teacher", evaluator.RankWithModel(data, tests, teacherOnnx, teacherConfig, cancellationToken: cancellationToken));
        progress?.Report(("accuracy", 0.5));
        var studentMetrics = MetricSummary.FromRanks("student", evaluator.RankWithModel(data, tests, servedStudent, studentConfig, quantization: quantization, cancellationToken: cancellationToken));

        progress?.Report(("agreement", 0));
        var k = Math.Max(1, Math.Min(Options.AgreementK, Math.Min(teacher.ItemIds.Length, student.ItemIds.Length)));
        var agreement = await AgreementProbe.MeasureAsync(
            new ProbedModel(teacherOnnx, teacherConfig),
            new ProbedModel(servedStudent, studentConfig, quantization),
            histories,
            k);

        progress?.Report(("throughput", 0));
        var teacherIndex = ModelIndex(teacher.ItemIds);
        var studentIndex = ModelIndex(student.ItemIds);
        var (teacherRate, studentRate) = CompressionMeasurements.Throughput(
            (teacherOnnx, ArtifactQuantization.None, [.. histories.Select(h => Map(h, teacherIndex))]),
            (servedStudent, quantization, [.. histories.Select(h => Map(h, studentIndex))]),
            Options.ThroughputBatch,
            k,
            Options.ThroughputTime,
            cancellationToken);

        progress?.Report(("sizes", 0));
        return new CompressionReport
        {
            Teacher = Figures(teacherOnnx, teacher, ArtifactQuantization.None, teacherRate, teacherMetrics),
            Student = Figures(studentOnnx, student, quantization, studentRate, studentMetrics),
            Agreement = Math.Round(agreement, 4),
            AgreementK = k,
            HeldOutCases = tests.Count,
            ThroughputBatch = Options.ThroughputBatch,
            Compression = Options.Compression,
            Quantization = quantization,
            CreatedAt = DateTimeOffset.UtcNow,
            Machine = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, ONNX Runtime CPU"),
        };
    }

    private CompressedModelFigures Figures(byte[] onnx, TrainedModel model, ArtifactQuantization quantization, double rate, MetricSummary metrics) => new()
    {
        OnnxSha256 = Convert.ToHexStringLower(SHA256.HashData(onnx)),
        Items = model.ItemIds.Length,
        Dimensions = model.Dimensions,
        Sparsity = Math.Round(MagnitudePruner.Sparsity(model.Table, model.Dimensions), 4),
        OnnxBytes = onnx.LongLength,
        StoredBytes = CompressionMeasurements.StoredBytes(onnx, quantization, Options.Compression),
        PredictionsPerSecond = Math.Round(rate, 1),
        HitRate10 = Math.Round(metrics.HitRate10, 4),
        Ndcg10 = Math.Round(metrics.Ndcg10, 4),
    };

    private string CatalogRule()
    {
        var rules = new List<string>();
        if (Options.MinEvents > 0)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"fewer than {Options.MinEvents} events"));
        }

        if (Options.Recent is { } recent)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"no event in the last {recent.TotalDays:0.##} days"));
        }

        return string.Join(" or ", rules);
    }

    private static Dictionary<string, long> ModelIndex(IReadOnlyList<string> itemIds)
    {
        var index = new Dictionary<string, long>(itemIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < itemIds.Count; i++)
        {
            index[itemIds[i]] = i + 1;
        }

        return index;
    }

    private static long[] Map(string[] history, Dictionary<string, long> index) =>
        [.. history.Select(id => index.GetValueOrDefault(id)).Where(i => i > 0)];
}

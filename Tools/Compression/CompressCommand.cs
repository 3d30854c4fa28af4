using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Cli;
using Orleans.Rec.Tools.Training;
using Spectre.Console;

namespace Orleans.Rec.Tools.Compression;

/// <summary><c>rec compress</c>: a smaller model from a trained one (catalog and magnitude pruning, distillation), with its measured cost.</summary>
internal static class CompressCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model")
        {
            Description = "The trained model to compress (model.onnx + config.json, as written by rec train).",
            Required = true,
            HelpName = "DIR",
        }.AcceptExistingOnly();
        var events = CommonOptions.Events("Event log: item counts for catalog pruning, histories for distillation, held-out users for the report.");
        var format = CommonOptions.Format();
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Directory to write the compressed model.onnx, config.json and compression-report.json into (created if missing).",
            Required = true,
            HelpName = "DIR2",
        };
        var minEvents = NonNegative("--prune-min-events", "Catalog pruning: drop items with fewer events than this in the log (0: off).");
        var inactiveDays = NonNegative("--prune-inactive-days", "Catalog pruning: drop items with no event in this many days before the log's last event (0: off).");
        var sparsity = new Option<double>("--prune-sparsity")
        {
            Description = "Magnitude pruning: the share of the item table's weights to set to zero, e.g. 0.5 (0: off). Zeros shrink the artifact at rest once compressed.",
            HelpName = "FRACTION",
        };
        sparsity.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (>= 0 and < 1))
            {
                result.AddError("--prune-sparsity must be at least 0 and below 1.");
            }
        });
        var distillDim = NonNegative("--distill-dim", "Distil into a student with this many embedding dimensions, e.g. 16 (0: off).");
        var distillDefaults = new DistillationOptions();
        var epochs = CommonOptions.Positive("--epochs", "Distillation epochs.", distillDefaults.Epochs);
        var learningRate = new Option<double>("--learning-rate")
        {
            Description = "Distillation learning rate (Adagrad).",
            DefaultValueFactory = _ => distillDefaults.LearningRate,
            HelpName = "RATE",
        };
        learningRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 10))
            {
                result.AddError("--learning-rate must be above 0 and at most 10.");
            }
        });
        var topK = CommonOptions.Positive("--distill-top-k", "Distillation: the teacher's top items the student learns to rank first, in order.", distillDefaults.TopK);
        var hardNegatives = NonNegative("--hard-negatives", "Distillation: items the teacher ranks right after its top items, which the student learns to rank below them.", distillDefaults.HardNegatives);
        var randomNegatives = NonNegative("--random-negatives", "Distillation: items drawn at random per history, which the student learns to rank below the teacher's top items.", distillDefaults.RandomNegatives);
        var maxHistories = NonNegative("--distill-histories", "Distil on at most this many histories (a seeded sample; 0: all).");
        var threads = NonNegative("--threads", "Threads for distillation (0: one per core; the result does not depend on it).");
        var holdout = new Option<double>("--holdout")
        {
            Description = "Share of users held out of distillation; their last items measure accuracy and agreement.",
            DefaultValueFactory = _ => 0.2,
            HelpName = "FRACTION",
        };
        holdout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and < 1))
            {
                result.AddError("--holdout must be above 0 and below 1.");
            }
        });
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the held-out users and of distillation.",
            DefaultValueFactory = _ => 42,
            HelpName = "N",
        };
        var quantize = new Option<string>("--quantize")
        {
            Description = "Measure the compressed model as it will serve when uploaded with this quantization (rec deploy --quantize).",
            DefaultValueFactory = _ => "none",
            HelpName = "none|fp16|int8",
        };
        quantize.AcceptOnlyFromAmong("none", "fp16", "int8");
        var compression = new Option<string>("--compression")
        {
            Description = "The compression at rest the sizes are measured with (rec deploy --compression).",
            DefaultValueFactory = _ => "gzip",
            HelpName = "gzip|zstd",
        };
        compression.AcceptOnlyFromAmong("gzip", "zstd");
        var batch = CommonOptions.Positive("--batch", "Histories per ONNX Runtime call when measuring throughput.", 32);
        var seconds = CommonOptions.Positive("--throughput-seconds", "Seconds spent measuring throughput (both models, taking turns).", 4);
        var command = new Command("compress", "Make a smaller model from DIR (catalog and magnitude pruning, distillation) and measure what it costs: size at rest, throughput, top-k agreement, HR@10 / NDCG@10.")
        {
            model, events, format, output, minEvents, inactiveDays, sparsity, distillDim, epochs, learningRate, topK, hardNegatives, randomNegatives, maxHistories, threads, holdout, seed, quantize, compression, batch, seconds,
        };

        int Execute(ParseResult result, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var modelDirectory = result.GetRequiredValue(model).FullName;
            var (teacherOnnx, teacherConfig) = ModelArtifacts.Read(modelDirectory);
            var eventsFile = result.GetRequiredValue(events);
            var (data, _) = EventLoading.Load(eventsFile, result.GetValue(format), cancellationToken);
            if (data.Events == 0)
            {
                ConsoleOutput.Fail($"{eventsFile.Name} holds no readable events.");
                return ExitCodes.Failure;
            }

            var dims = result.GetValue(distillDim);
            var days = result.GetValue(inactiveDays);
            var options = new CompressionOptions
            {
                MinEvents = result.GetValue(minEvents),
                Recent = days > 0 ? TimeSpan.FromDays(days) : null,
                Sparsity = result.GetValue(sparsity),
                Distillation = dims > 0
                    ? new DistillationOptions
                    {
                        Dimensions = dims,
                        Epochs = result.GetValue(epochs),
                        LearningRate = result.GetValue(learningRate),
                        TopK = result.GetValue(topK),
                        HardNegatives = result.GetValue(hardNegatives),
                        RandomNegatives = result.GetValue(randomNegatives),
                        MaxHistories = result.GetValue(maxHistories),
                        Seed = result.GetValue(seed),
                        Threads = result.GetValue(threads),
                    }
                    : null,
                HoldoutFraction = result.GetValue(holdout),
                Seed = result.GetValue(seed),
                Quantization = ParseQuantization(result.GetRequiredValue(quantize)),
                Compression = result.GetRequiredValue(compression) == "zstd" ? ArtifactCompression.Zstd : ArtifactCompression.Gzip,
                ThroughputBatch = result.GetValue(batch),
                ThroughputTime = TimeSpan.FromSeconds(result.GetValue(seconds)),
            };
            if (options.IsNoOp)
            {
                ConsoleOutput.Fail("nothing to do: give --prune-min-events, --prune-inactive-days, --prune-sparsity, --distill-dim or --quantize.");
                return ExitCodes.Usage;
            }

            // Blocking inside the stage keeps the progress display up until the work is done (no synchronization context here).
            var outcome = StageProgress.Run(
                "compress",
                progress => new ModelCompressor(options).CompressAsync(teacherOnnx, teacherConfig, data, eventsFile.Name, progress, cancellationToken).GetAwaiter().GetResult());
            var directory = result.GetRequiredValue(output).FullName;
            ModelArtifacts.Write(directory, outcome.Onnx, outcome.Config);
            CompressionReportFile.Write(directory, outcome.Report);
            Print(outcome.Report);
            ConsoleOutput.Out.MarkupLineInterpolated(
                $"Wrote {Path.Combine(directory, ModelArtifacts.ModelFileName)}, {ModelArtifacts.ConfigFileName} and {CompressionReportFile.FileName} in {clock.Elapsed.TotalSeconds:F1} s.");
            if (options.Quantization != ArtifactQuantization.None)
            {
                ConsoleOutput.Out.MarkupLineInterpolated($"Deploy it with --quantize {result.GetRequiredValue(quantize)} to serve what was measured.");
            }

            return ExitCodes.Success;
        }

        command.SetAction((result, cancellationToken) => Task.FromResult(Execute(result, cancellationToken)));
        return command;
    }

    /// <summary>The report as a table on standard output.</summary>
    internal static void Print(CompressionReport report)
    {
        var teacher = report.Teacher;
        var student = report.Student;
        var table = new Table().AddColumns("", "teacher", "compressed", "ratio");
        table.AddRow("items", $"{teacher.Items:N0}", $"{student.Items:N0}", Ratio(student.Items, teacher.Items));
        table.AddRow("dimensions", $"{teacher.Dimensions}", $"{student.Dimensions}", Ratio(student.Dimensions, teacher.Dimensions));
        table.AddRow("table sparsity", $"{teacher.Sparsity:P1}", $"{student.Sparsity:P1}", "");
        table.AddRow("model.onnx bytes", $"{teacher.OnnxBytes:N0}", $"{student.OnnxBytes:N0}", Ratio(student.OnnxBytes, teacher.OnnxBytes));
        table.AddRow(Markup.Escape($"at rest ({Name(report.Compression)}{(report.Quantization == ArtifactQuantization.None ? "" : ", " + Name(report.Quantization))})"), $"{teacher.StoredBytes:N0}", $"{student.StoredBytes:N0}", Ratio(student.StoredBytes, teacher.StoredBytes));
        table.AddRow($"predictions/s (batch {report.ThroughputBatch})", $"{teacher.PredictionsPerSecond:N0}", $"{student.PredictionsPerSecond:N0}", Ratio(student.PredictionsPerSecond, teacher.PredictionsPerSecond));
        table.AddRow("HR@10", $"{teacher.HitRate10:F4}", $"{student.HitRate10:F4}", Ratio(student.HitRate10, teacher.HitRate10));
        table.AddRow("NDCG@10", $"{teacher.Ndcg10:F4}", $"{student.Ndcg10:F4}", Ratio(student.Ndcg10, teacher.Ndcg10));
        ConsoleOutput.Out.Write(table);
        ConsoleOutput.Out.MarkupLineInterpolated(
            $"Top-{report.AgreementK} agreement with the teacher: [bold]{report.Agreement:F4}[/] on {report.HeldOutCases:N0} held-out histories. Method: {report.Method}.");
    }

    private static string Ratio(double value, double baseline) =>
        baseline > 0 ? (value / baseline).ToString("F2", CultureInfo.InvariantCulture) + "×" : "";

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static ArtifactQuantization ParseQuantization(string text) => text switch
    {
        "fp16" => ArtifactQuantization.Fp16,
        "int8" => ArtifactQuantization.Int8,
        _ => ArtifactQuantization.None,
    };

    private static Option<int> NonNegative(string name, string description, int defaultValue = 0)
    {
        var option = new Option<int>(name) { Description = description, HelpName = "N", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"{name} must not be negative.");
            }
        });
        return option;
    }
}

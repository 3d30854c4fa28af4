using System.CommandLine;
using System.Diagnostics;
using Orleans.Rec.Tools.Cli;
using Orleans.Rec.Tools.Training;
using Spectre.Console;

namespace Orleans.Rec.Tools.Evaluation;

/// <summary><c>rec eval</c>: leave-last-out HR@10 / NDCG@10 / MRR@20 of the model next to popularity and item-KNN.</summary>
internal static class EvalCommand
{
    /// <summary>The heading from which an existing <c>--out</c> file is kept as it is.</summary>
    public const string KeptSection = "\n## Model compression";

    public static Command Create()
    {
        var events = CommonOptions.Events("Event log to split and evaluate on.");
        var format = CommonOptions.Format();
        var model = new Option<DirectoryInfo>("--model")
        {
            Description = "A trained model directory (model.onnx + config.json). Without it, a model is trained on the training part of the split: the honest number.",
            HelpName = "DIR",
        }.AcceptExistingOnly();
        var output = new Option<FileInfo?>("--out")
        {
            Description = "Also write the results as Markdown, e.g. docs/accuracy.md.",
            HelpName = "PATH",
        };
        var training = new TrainingCommandOptions();
        var command = new Command("eval", "Evaluate a model offline (leave-last-out, full ranking, scored through ONNX Runtime) against popularity and item-KNN.")
        {
            events,
            format,
            model,
            output,
        };
        training.AddTo(command);
        int Execute(ParseResult result, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var (data, reader) = EventLoading.Load(result.GetRequiredValue(events), result.GetValue(format), cancellationToken);
            var options = training.Bind(result);
            var modelDirectory = result.GetValue(model);
            EvaluationResult evaluation;
            string description;
            if (modelDirectory is null)
            {
                var trainer = new CooccurrenceEmbeddingTrainer(options);
                description = trainer.Describe() + ", trained on the training part of the split";
                evaluation = StageProgress.Run("eval", progress => EvaluationPipeline.TrainAndEvaluate(data, options, progress, cancellationToken));
            }
            else
            {
                var (onnx, config) = ModelArtifacts.Read(modelDirectory.FullName);
                description = $"{modelDirectory.FullName} ({config.Training?.Algorithm ?? "unknown algorithm"}); it may have seen the test targets";
                evaluation = StageProgress.Run("eval", progress => EvaluationPipeline.EvaluateModel(data, onnx, config, options.Window, progress, cancellationToken));
            }

            var table = new Table().AddColumns("method", "HR@10", "NDCG@10", "MRR@20");
            foreach (var row in new[] { evaluation.Model, evaluation.ItemKnn, evaluation.ItemKnnWithoutSelf, evaluation.Popularity })
            {
                table.AddRow(row.Method, $"{row.HitRate10:F4}", $"{row.Ndcg10:F4}", $"{row.Mrr20:F4}");
            }

            ConsoleOutput.Out.Write(table);
            ConsoleOutput.Out.WriteLine($"{evaluation.Model.Cases:N0} test cases; {clock.Elapsed.TotalSeconds:F1} s.");
            if (result.GetValue(output) is { } markdown)
            {
                var commandLine = "rec " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
                var text = AccuracyReport.ToMarkdown(
                    evaluation,
                    commandLine,
                    $"{result.GetRequiredValue(events).Name} (format {reader.Format.ToString().ToLowerInvariant()})",
                    description,
                    clock.Elapsed,
                    DateTimeOffset.UtcNow);
                markdown.Directory?.Create();

                // Sections written by other commands (rec compress figures) survive a re-run.
                if (markdown.Exists && File.ReadAllText(markdown.FullName) is var previous && previous.IndexOf(KeptSection, StringComparison.Ordinal) is var kept and >= 0)
                {
                    text = text.TrimEnd() + "\n\n" + previous[(kept + 1)..];
                }

                File.WriteAllText(markdown.FullName, text);
                ConsoleOutput.Error.MarkupLineInterpolated($"Wrote {markdown.FullName}");
            }

            return ExitCodes.Success;
        }

        command.SetAction((result, cancellationToken) => Task.FromResult(Execute(result, cancellationToken)));
        return command;
    }
}

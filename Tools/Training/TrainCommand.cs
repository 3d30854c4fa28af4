using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Cli;
using Orleans.Rec.Tools.Compression;
using Orleans.Rec.Tools.Evaluation;
using Spectre.Console;

namespace Orleans.Rec.Tools.Training;

/// <summary><c>rec train</c>: item embeddings from an event log, exported as model.onnx + config.json.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var events = CommonOptions.Events("Event log to train on.");
        var format = CommonOptions.Format();
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Directory to write model.onnx and config.json into (created if missing).",
            Required = true,
            HelpName = "DIR",
        };
        var noHoldout = new Option<bool>("--no-holdout")
        {
            Description = "Skip the leave-last-out holdout (a second training run) whose metrics go into config.json.",
        };
        var holdOutUsers = new Option<double>("--hold-out-users")
        {
            Description = "Leave this share of users out of training (0: none): the same users that rec compress --holdout FRACTION --seed N holds out, so its report measures teacher and student on users neither has seen.",
            HelpName = "FRACTION",
        };
        holdOutUsers.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (>= 0 and < 1))
            {
                result.AddError("--hold-out-users must be at least 0 and below 1.");
            }
        });
        var training = new TrainingCommandOptions();
        var command = new Command("train", "Train item embeddings from an event log and write DIR/model.onnx and DIR/config.json.")
        {
            events,
            format,
            output,
            noHoldout,
            holdOutUsers,
        };
        training.AddTo(command);
        int Execute(ParseResult result, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var eventsFile = result.GetRequiredValue(events);
            var (data, reader) = EventLoading.Load(eventsFile, result.GetValue(format), cancellationToken);
            var eventsRead = data.Events;
            if (data.Events == 0)
            {
                ConsoleOutput.Fail($"{eventsFile.Name} holds no readable events.");
                return ExitCodes.Failure;
            }

            // Lineage: which data the model saw (the file's digest and its time range), before a holdout narrows the users.
            var dataSha256 = DataDigest.Sha256(eventsFile.FullName);
            DateTimeOffset? dataFrom = data.FirstEventTicks == 0 ? null : new DateTimeOffset(data.FirstEventTicks, TimeSpan.Zero);
            DateTimeOffset? dataTo = data.LastEventTicks == 0 ? null : new DateTimeOffset(data.LastEventTicks, TimeSpan.Zero);
            var options = training.Bind(result);
            var heldOut = result.GetValue(holdOutUsers);
            var algorithmNote = "";
            if (heldOut > 0)
            {
                var split = UserHoldout.Create(data.Sequences, heldOut, options.Seed);
                ConsoleOutput.Error.MarkupLineInterpolated($"Holding out {heldOut:P0} of the users (seed {options.Seed}): training on {split.Distillation.Count:N0} of {data.Sequences.Count:N0}.");
                data = SequenceDataset.FromSequences(data.ItemIds, split.Distillation);
                algorithmNote = string.Create(CultureInfo.InvariantCulture, $"; {heldOut * 100:0.##}% of the users held out (seed {options.Seed})");
            }

            Dictionary<string, double>? metrics = null;
            if (!result.GetValue(noHoldout))
            {
                var holdout = StageProgress.Run("holdout", progress => EvaluationPipeline.TrainAndEvaluate(data, options, progress, cancellationToken));
                metrics = holdout.Model.ToDictionary();
                metrics["holdoutCases"] = holdout.Model.Cases;
                metrics["popularity HR@10"] = holdout.Popularity.HitRate10;
                metrics["item-KNN HR@10"] = holdout.ItemKnn.HitRate10;
                ConsoleOutput.Error.MarkupLineInterpolated(
                    $"Holdout (leave-last-out, {holdout.Model.Cases:N0} cases): HR@10 {holdout.Model.HitRate10:F4}, NDCG@10 {holdout.Model.Ndcg10:F4}, MRR@20 {holdout.Model.Mrr20:F4} (item-KNN HR@10 {holdout.ItemKnn.HitRate10:F4}, popularity {holdout.Popularity.HitRate10:F4}).");
            }

            var trainer = new CooccurrenceEmbeddingTrainer(options);
            var model = StageProgress.Run(
                "train",
                progress => trainer.Train(data.Sequences, data.ItemIds, new ForwardingProgress<TrainingProgress>(p => progress.Report((p.Stage, p.Fraction))), cancellationToken));
            var info = new TrainingInfo
            {
                Source = eventsFile.Name,
                Format = reader.Format.ToString().ToLowerInvariant(),
                Algorithm = model.Algorithm + algorithmNote,
                Dimensions = model.Dimensions,
                Events = eventsRead,
                TrainedAt = DateTimeOffset.UtcNow,
                Metrics = metrics,
                DataSha256 = dataSha256,
                DataFrom = dataFrom,
                DataTo = dataTo,
            };
            var (onnx, config) = ModelArtifacts.Create(model, options.HistoryLength, info);
            var directory = result.GetRequiredValue(output);
            ModelArtifacts.Write(directory.FullName, onnx, config);
            ConsoleOutput.Out.MarkupLineInterpolated(
                $"Wrote {Path.Combine(directory.FullName, ModelArtifacts.ModelFileName)} ({onnx.Length / 1024.0 / 1024.0:F1} MiB, {model.ItemIds.Length:N0} items × {model.Dimensions} dims) and {ModelArtifacts.ConfigFileName} in {clock.Elapsed.TotalSeconds:F1} s.");
            return ExitCodes.Success;
        }

        command.SetAction((result, cancellationToken) => Task.FromResult(Execute(result, cancellationToken)));
        return command;
    }
}

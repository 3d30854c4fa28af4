using Orleans.Rec.Models;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Evaluation;

/// <summary>Leave-last-out evaluation of a model exported to ONNX, next to the baselines.</summary>
public static class EvaluationPipeline
{
    /// <summary>
    /// Splits <paramref name="data"/>, trains on the training part with the same trainer as <c>rec train</c>, exports
    /// the model to ONNX and evaluates it: the honest number, since the trainer never sees a target.
    /// </summary>
    public static EvaluationResult TrainAndEvaluate(
        SequenceDataset data,
        TrainingOptions options,
        IProgress<(string Stage, double Fraction)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var split = LeaveLastOutSplit.Create(data.Sequences);
        var trainer = new CooccurrenceEmbeddingTrainer(options);
        var model = trainer.Train(
            split.Training,
            data.ItemIds,
            progress is null ? null : new ForwardingProgress<TrainingProgress>(p => progress.Report(($"train ({p.Stage})", p.Fraction))),
            cancellationToken);
        var (onnx, config) = ModelArtifacts.Create(model, options.HistoryLength, training: null);
        return Evaluate(data, split, onnx, config, options.Window, progress, cancellationToken);
    }

    /// <summary>Evaluates an existing model on the leave-last-out split of <paramref name="data"/>.</summary>
    public static EvaluationResult EvaluateModel(
        SequenceDataset data,
        byte[] onnx,
        ModelConfig config,
        int window,
        IProgress<(string Stage, double Fraction)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Evaluate(data, LeaveLastOutSplit.Create(data.Sequences), onnx, config, window, progress, cancellationToken);
    }

    private static EvaluationResult Evaluate(
        SequenceDataset data,
        LeaveLastOutSplit split,
        byte[] onnx,
        ModelConfig config,
        int window,
        IProgress<(string Stage, double Fraction)>? progress,
        CancellationToken cancellationToken)
    {
        var evaluator = new OfflineEvaluator(config.HistoryLength, window);
        return evaluator.Evaluate(
            data,
            split,
            onnx,
            config,
            progress is null ? null : new ForwardingProgress<double>(f => progress.Report(("evaluate", f))),
            cancellationToken);
    }
}

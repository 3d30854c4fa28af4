namespace Orleans.Rec.Tools.Evaluation;

/// <summary>The metrics of the model and the baselines on one split.</summary>
public sealed record EvaluationResult(
    MetricSummary Model,
    MetricSummary Popularity,
    MetricSummary ItemKnn,
    MetricSummary ItemKnnWithoutSelf,
    int Sequences,
    int TrainingItems,
    long Events,
    int HistoryLength,
    int Window);

namespace Orleans.Rec.Tools.Training;

/// <summary>A training stage and how far through it the trainer is (0 to 1).</summary>
public readonly record struct TrainingProgress(string Stage, double Fraction);

namespace Orleans.Rec.Tools.Evaluation;

/// <summary>One held-out prediction: the items before the last one (oldest first) and the last item.</summary>
public sealed record TestCase(int[] History, int Target);

namespace Orleans.Rec.Models;

/// <summary>One activation of a version: which, when and by whom.</summary>
public sealed record ActivationRecord(int Version, DateTimeOffset At, string By);

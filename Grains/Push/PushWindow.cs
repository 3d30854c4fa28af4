namespace Orleans.Rec.Push;

/// <summary>How long a burst waits for more events (<see cref="Debounce"/>) and at most (<see cref="MaxDelay"/>).</summary>
public readonly record struct PushWindow(TimeSpan Debounce, TimeSpan MaxDelay);

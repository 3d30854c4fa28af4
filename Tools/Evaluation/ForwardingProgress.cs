namespace Orleans.Rec.Tools.Evaluation;

/// <summary>Passes each report on to a handler, synchronously (no synchronisation context involved).</summary>
public sealed class ForwardingProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}

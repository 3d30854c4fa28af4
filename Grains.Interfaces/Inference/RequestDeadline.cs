namespace Orleans.Rec.Inference;

/// <summary>
/// The caller's deadline travels in the Orleans <see cref="Runtime.RequestContext"/> (no grain signature carries it),
/// from the gateway through the profile grain to the batcher, which drops requests that expired while queued.
/// </summary>
public static class RequestDeadline
{
    /// <summary>The request-context key; the value is the deadline in UTC ticks.</summary>
    public const string Key = "rec-deadline";

    /// <summary>Sets the deadline for the calls made from here on in this logical flow.</summary>
    public static void Set(DateTimeOffset deadline) => Runtime.RequestContext.Set(Key, deadline.UtcTicks);

    /// <summary>The deadline of the current call, if the caller set one.</summary>
    public static DateTimeOffset? Current =>
        Runtime.RequestContext.Get(Key) is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
}

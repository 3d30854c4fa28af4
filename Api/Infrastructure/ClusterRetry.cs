using Orleans.Runtime.Messaging;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// The gateway's answer to a silo dying under it: a read that failed because its grain's silo is unreachable (or the
/// cluster has no gateway for a moment), or that got no answer in time, is tried again, with a short back-off, until
/// the request's deadline. The grain reactivates on a surviving silo once the membership declares the dead one dead
/// (a few seconds), so the caller sees a slower answer instead of an error.
/// Only idempotent reads go through here (recommendations, profiles); writes answer 503 and let the caller decide.
/// </summary>
internal static class ClusterRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the first attempt may take before it is tried again (doubling each time). A call in flight to a silo
    /// that was killed gets no answer at all (the message died with the silo) and would wait for Orleans' response
    /// timeout (30 s); a slow but live call is merely asked again, which a read tolerates. The last attempt that fits
    /// the deadline is not cut short.
    /// </summary>
    private static readonly TimeSpan FirstAttemptTimeout = TimeSpan.FromSeconds(2);

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, DateTimeOffset deadline, TimeProvider time, CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        var attemptTimeout = FirstAttemptTimeout;
        while (true)
        {
            try
            {
                var attempt = call();
                return deadline - time.GetUtcNow() > attemptTimeout
                    ? await attempt.WaitAsync(attemptTimeout, time, cancellationToken)
                    : await attempt;
            }
            catch (Exception e) when ((IsClusterUnavailable(e) || e is TimeoutException) && time.GetUtcNow() + delay < deadline && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
                attemptTimeout *= 2;
            }
        }
    }

    /// <summary>Whether the cluster (not the request) is at fault: a silo or every gateway unreachable right now.</summary>
    public static bool IsClusterUnavailable(Exception exception) => exception switch
    {
        SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException => true,
        OrleansException when exception.Message.Contains("No gateways", StringComparison.OrdinalIgnoreCase) => true,
        _ => false,
    };
}

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// Keeps trying to reach the cluster, once a second, until the gateway shuts down: the gateway may start before
/// the silos and must not give up on them.
/// </summary>
internal sealed class RetryUntilStoppedFilter(ILogger<RetryUntilStoppedFilter> logger, TimeProvider time) : IClientConnectionRetryFilter
{
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        ApiLog.ConnectRetry(logger, exception.Message);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }
}

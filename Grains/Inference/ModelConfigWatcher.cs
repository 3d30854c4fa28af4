using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rec.Diagnostics;

namespace Orleans.Rec.Inference;

/// <summary>Applies serving config changes to the loaded versions of this silo on an interval.</summary>
public sealed class ModelConfigWatcher(IInferenceEngine engine, IOptions<InferenceOptions> options, TimeProvider time, ILogger<ModelConfigWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.ConfigRefreshInterval, time, stoppingToken);
                await engine.RefreshConfigsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RecLog.ConfigRefreshFailed(logger, e);
            }
        }
    }
}

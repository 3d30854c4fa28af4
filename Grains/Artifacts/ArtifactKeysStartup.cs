using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Rec.Artifacts;

/// <summary>Opens the keys at silo start, so the local key file exists (mode 0600) before the first upload.</summary>
internal sealed class ArtifactKeysStartup(IKeyEncryptionKeys keys, IOptions<ArtifactOptions> options, ILogger<ArtifactKeysStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys is KeyRing { File: { Created: true } file })
        {
            ArtifactLog.KeyFileCreated(logger, file.Path, file.ActiveKeyId);
        }

        ArtifactLog.KeysReady(logger, options.Value.Store.ToString(), keys.ActiveKeyId, keys.KeyIds.Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

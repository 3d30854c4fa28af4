using Azure.Storage.Blobs;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>One Azurite blob emulator per test class, on a free port over a temp folder, stopped (by PID) afterwards.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly TempDirectory _location = new("rec-azurite");
    private ChildProcess? _process;

    public string ConnectionString { get; private set; } = "";

    public BlobServiceClient Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Azurite.MissingReason is not null)
        {
            return;
        }

        (_process, var port) = await Azurite.StartAsync(_location.Path);
        ConnectionString = Azurite.ConnectionString(port);
        Service = new BlobServiceClient(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            _process.Terminate();
            if (await _process.WaitAsync(TimeSpan.FromSeconds(5)) is null)
            {
                _process.Kill();
            }

            _process.Dispose();
        }

        _location.Dispose();
    }
}

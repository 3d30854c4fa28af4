using System.Runtime.CompilerServices;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// Artifacts as block blobs in one container (created when absent). Large blobs are written as 4 MiB staged
/// blocks committed at the end, and read as a sequential stream.
/// </summary>
public sealed class AzureBlobArtifactStore : IArtifactStore
{
    public const int BlockBytes = 4 * 1024 * 1024;

    private readonly BlobContainerClient _container;
    private readonly Lazy<Task> _created;

    public AzureBlobArtifactStore(BlobContainerClient container)
    {
        _container = container;
        _created = new Lazy<Task>(() => _container.CreateIfNotExistsAsync());
    }

    /// <summary>The container client for the options: a connection string, or an endpoint with DefaultAzureCredential (managed identity in Azure).</summary>
    public static BlobContainerClient CreateContainerClient(AzureBlobArtifactOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = options.ServiceVersion is null
            ? new BlobClientOptions()
            : new BlobClientOptions(Enum.Parse<BlobClientOptions.ServiceVersion>(options.ServiceVersion));
        var service = !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(options.ConnectionString, clientOptions)
            : new BlobServiceClient(options.ServiceUri ?? throw new ArgumentException("AzureBlob needs a ConnectionString or a ServiceUri.", nameof(options)), new DefaultAzureCredential(), clientOptions);
        return service.GetBlobContainerClient(options.Container);
    }

    public async Task WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        await EnsureContainerAsync(cancellationToken);
        var stream = new BlockUploadStream(_container.GetBlockBlobClient(key), BlockBytes);
        await using (stream)
        {
            await write(stream, cancellationToken);
            await stream.CommitAsync(cancellationToken);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            return await _container.GetBlobClient(key).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = BlockBytes }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"No artifact blob '{key}'.", key, e);
        }
    }

    public async Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var result = await _container.GetBlobClient(key).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"No artifact blob '{key}'.", key, e);
        }
    }

    public async Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            var properties = await _container.GetBlobClient(key).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ContentLength;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        return (await _container.GetBlobClient(key).ExistsAsync(cancellationToken)).Value;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        await _container.GetBlobClient(key).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            yield return item.Name;
        }
    }

    private Task EnsureContainerAsync(CancellationToken cancellationToken) => _created.Value.WaitAsync(cancellationToken);
}

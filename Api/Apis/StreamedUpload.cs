using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Apis;

/// <summary>
/// One artifact upload in flight: reserves a version number, pushes the artifact part to that version's grain in
/// fixed-size chunks (each one Orleans message, the next read overlapping the previous call), and completes or
/// abandons it. Holds at most two chunks in memory.
/// </summary>
internal sealed class StreamedUpload(IModelRegistryGrain registry, IClusterClient client, string model, ApiOptions options)
{
    private bool _completed;

    public IModelRegistryGrain Registry => registry;

    /// <summary>The reserved version, once a non-empty artifact part began.</summary>
    public int? Version { get; private set; }

    /// <summary>Whether an artifact part was sent without any bytes.</summary>
    public bool Empty { get; private set; }

    public long Bytes { get; private set; }

    public int Chunks { get; private set; }

    /// <summary>Streams the part to the grain; false when it exceeds the configured maximum.</summary>
    public async Task<bool> ReceiveAsync(MultipartSection section, CancellationToken cancellationToken)
    {
        long? announced = section.Headers is not null && section.Headers.TryGetValue("Content-Length", out var values)
            && long.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : null;
        if (announced > options.MaxArtifactBytes)
        {
            return false;
        }

        var chunk = new byte[options.UploadChunkBytes];
        var read = await section.Body.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            Empty = true;
            return true;
        }

        Version = await registry.BeginUploadAsync();
        var grain = client.GetGrain<IModelVersionGrain>(ModelKeys.VersionKey(model, Version.Value));
        await grain.BeginUploadAsync(announced);
        Task previous = Task.CompletedTask;
        while (read > 0)
        {
            Bytes += read;
            if (Bytes > options.MaxArtifactBytes)
            {
                await previous;
                return false;
            }

            var send = read == chunk.Length ? chunk : chunk[..read];
            await previous;
            previous = grain.AppendChunkAsync(send);
            Chunks++;
            chunk = new byte[options.UploadChunkBytes];
            read = await section.Body.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, cancellationToken);
        }

        await previous;
        return true;
    }

    /// <summary>Validates and stores the received artifact (the registry releases the number if that fails).</summary>
    public async Task<ModelVersionInfo> CompleteAsync(ModelUploadRequest request)
    {
        _completed = true;
        return await registry.CompleteUploadAsync(Version!.Value, request);
    }

    /// <summary>Gives the reserved number back when the request ended before <see cref="CompleteAsync"/>.</summary>
    public async Task AbortIfOpenAsync(ILogger logger)
    {
        if (_completed || Version is not int version)
        {
            return;
        }

        try
        {
            await registry.AbortUploadAsync(version);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException)
        {
            ApiLog.AbortFailed(logger, model, version, e.Message);
        }
    }
}

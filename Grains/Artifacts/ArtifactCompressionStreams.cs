using System.IO.Compression;
using Orleans.Rec.Models;
using ZstdSharp;

namespace Orleans.Rec.Artifacts;

/// <summary>The compression stage: gzip at the fastest level (model weights barely compress; speed matters more) or zstd level 3.</summary>
public static class ArtifactCompressionStreams
{
    public const int ZstdLevel = 3;

    /// <summary>A stream that compresses into <paramref name="inner"/>; dispose it to write the end of the stream.</summary>
    public static Stream Compress(Stream inner, ArtifactCompression compression) => compression switch
    {
        ArtifactCompression.Gzip => new GZipStream(inner, CompressionLevel.Fastest, leaveOpen: true),
        ArtifactCompression.Zstd => new CompressionStream(inner, ZstdLevel, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression."),
    };

    /// <summary>A stream that decompresses what it reads from <paramref name="inner"/>.</summary>
    public static Stream Decompress(Stream inner, ArtifactCompression compression) => compression switch
    {
        ArtifactCompression.Gzip => new GZipStream(inner, CompressionMode.Decompress, leaveOpen: true),
        ArtifactCompression.Zstd => new DecompressionStream(inner, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression."),
    };

    /// <summary>Whether an exception thrown while decompressing means the compressed stream is corrupt.</summary>
    public static bool IsCorruptStream(Exception exception) =>
        exception is InvalidDataException or ZstdException || (exception is IOException && exception.InnerException is ZstdException);

    /// <summary>The wire name (<c>gzip</c>, <c>zstd</c>).</summary>
    public static string Name(ArtifactCompression compression) => compression switch
    {
        ArtifactCompression.Gzip => "gzip",
        ArtifactCompression.Zstd => "zstd",
        _ => compression.ToString().ToLowerInvariant(),
    };
}

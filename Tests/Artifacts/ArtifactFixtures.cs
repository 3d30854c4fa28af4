using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Tests.Artifacts;

/// <summary>Keys, pipelines and models the artifact tests share.</summary>
internal static class ArtifactFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 5, 0, 0, TimeSpan.Zero);

    public static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>A ring holding exactly the given keys (id → base64), the first one active.</summary>
    public static KeyRing Keys(params (string Id, string Key)[] keys)
    {
        var options = new ArtifactKeyOptions { LocalKeyFile = false, Active = keys[0].Id };
        foreach (var (id, key) in keys)
        {
            options.Kek[id] = key;
        }

        return new KeyRing(options, file: null);
    }

    public static ArtifactPipeline Pipeline(IArtifactStore store, IKeyEncryptionKeys keys, int segmentBytes = SegmentedAesGcm.DefaultSegmentBytes) =>
        new(store, keys, Options.Create(new ArtifactOptions { SegmentBytes = segmentBytes }), new FakeTimeProvider(Now));

    /// <summary>
    /// A recommender over <paramref name="items"/> items whose embeddings are drawn from a fixed seed (row 0 = padding),
    /// with its config; the table's raw bytes are returned too, to search for them at rest.
    /// </summary>
    public static (byte[] Artifact, ModelConfig Config, float[] Table) Model(int items, int dims, int seed = 7, string prefix = "item")
    {
        var random = new Random(seed);
        var table = new float[(items + 1) * dims];
        for (var i = dims; i < table.Length; i++)
        {
            // Sum of uniforms: roughly normal, like trained embeddings.
            table[i] = (float)(random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5);
        }

        var artifact = RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(table, items + 1, dims));
        var config = new ModelConfig
        {
            Signature = RecommenderOnnxBuilder.Signature(),
            ItemIds = Enumerable.Range(0, items).Select(i => $"{prefix}-{i}").ToArray(),
            HistoryLength = 20,
        };
        return (artifact, config, table);
    }
}

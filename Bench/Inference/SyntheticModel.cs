using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Bench.Inference;

/// <summary>A model of the platform's default shape with random embeddings: speed does not depend on training.</summary>
public static class SyntheticModel
{
    public static (byte[] Artifact, ModelConfig Config) Create(int items, int dims, int historyLength, IReadOnlyList<string>? itemIds = null, int seed = 7)
    {
        var random = new Random(seed);
        var table = new float[(items + 1) * dims];
        for (var i = dims; i < table.Length; i++)
        {
            table[i] = (float)(random.NextDouble() - 0.5);
        }

        var ids = new string[items];
        for (var i = 0; i < items; i++)
        {
            ids[i] = itemIds is not null && i < itemIds.Count ? itemIds[i] : $"synthetic-{i}";
        }

        var config = new ModelConfig
        {
            Signature = RecommenderOnnxBuilder.Signature(),
            ItemIds = ids,
            HistoryLength = historyLength,
        };
        return (RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(table, items + 1, dims)), config);
    }
}

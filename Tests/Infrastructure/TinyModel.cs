using Google.Protobuf;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// A four-item model whose answers are known exactly. Embeddings (2-D): a=(1,0), b=(0,1), c=(0.5,0.5), d=(0.9,0.1).
/// A history of just <c>a</c> gives the user vector (1,0) and the scores a=1, d=0.9, c=0.5, b=0.
/// </summary>
public static class TinyModel
{
    public static readonly string[] Items = ["a", "b", "c", "d"];

    public static byte[] Artifact()
    {
        float[] table =
        [
            0f, 0f,     // padding
            1f, 0f,     // a
            0f, 1f,     // b
            0.5f, 0.5f, // c
            0.9f, 0.1f, // d
        ];
        return RecommenderOnnxBuilder.Build(table, rows: 5, dims: 2).ToByteArray();
    }

    public static ModelConfig Config(string[]? itemIds = null) => new()
    {
        Signature = new ModelSignature
        {
            Inputs =
            [
                new TensorSpec { Name = "history", DataType = "int64", Dims = [-1, -1], Role = TensorRole.HistoryItemIds },
                new TensorSpec { Name = "k", DataType = "int64", Dims = [1], Role = TensorRole.TopK },
            ],
            Outputs =
            [
                new TensorSpec { Name = "scores", DataType = "float32", Dims = [-1, -1], Role = TensorRole.Scores },
                new TensorSpec { Name = "items", DataType = "int64", Dims = [-1, -1], Role = TensorRole.ItemIds },
            ],
        },
        ItemIds = itemIds ?? Items,
        HistoryLength = 10,
    };

    /// <summary>Item ids unique to one test, so tests that share a cluster never see each other's items.</summary>
    public static string[] ItemsFor(string prefix) => Items.Select(i => $"{prefix}-{i}").ToArray();
}

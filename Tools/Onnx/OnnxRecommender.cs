using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Models;

namespace Orleans.Rec.Tools.Onnx;

/// <summary>Runs a model built by <see cref="RecommenderOnnxBuilder"/> with ONNX Runtime on the CPU.</summary>
public sealed class OnnxRecommender : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();

    /// <summary>Loads the model from its ONNX bytes; an int8 model (<see cref="ArtifactQuantization.Int8"/>) is loaded as the silo loads it, its tables dequantized once.</summary>
    public OnnxRecommender(byte[] model, ArtifactQuantization quantization = ArtifactQuantization.None)
    {
        using var options = new SessionOptions { IntraOpNumThreads = Math.Min(Environment.ProcessorCount, 4) };
        if (quantization == ArtifactQuantization.Int8)
        {
            options.AddSessionConfigEntry("session.disable_quant_qdq", "1");
        }

        _session = new InferenceSession(model, options);
    }

    /// <summary>
    /// Scores a batch of histories (model indices, 0 = padding; rows may differ in length and are right-padded) and
    /// returns, per row, the top <paramref name="k"/> model indices and their scores, best first.
    /// </summary>
    public IReadOnlyList<(long[] Items, float[] Scores)> Recommend(IReadOnlyList<long[]> histories, int k)
    {
        ArgumentNullException.ThrowIfNull(histories);
        if (histories.Count == 0)
        {
            return [];
        }

        var length = Math.Max(1, histories.Max(h => h.Length));
        var batch = new long[histories.Count * length];
        for (var row = 0; row < histories.Count; row++)
        {
            histories[row].CopyTo(batch, row * length);
        }

        using var history = OrtValue.CreateTensorValueFromMemory(batch, [histories.Count, length]);
        using var topK = OrtValue.CreateTensorValueFromMemory(new long[] { k }, [1]);
        using var outputs = _session.Run(
            _runOptions,
            [RecommenderOnnxBuilder.HistoryInput, RecommenderOnnxBuilder.TopKInput],
            [history, topK],
            [RecommenderOnnxBuilder.ScoresOutput, RecommenderOnnxBuilder.ItemsOutput]);
        var scores = outputs[0].GetTensorDataAsSpan<float>();
        var items = outputs[1].GetTensorDataAsSpan<long>();
        var width = (int)outputs[1].GetTensorTypeAndShape().Shape[1];
        var result = new (long[] Items, float[] Scores)[histories.Count];
        for (var row = 0; row < histories.Count; row++)
        {
            result[row] = (items.Slice(row * width, width).ToArray(), scores.Slice(row * width, width).ToArray());
        }

        return result;
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}

using System.Text.Json;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Tools.Training;

/// <summary>Writes and reads a model directory: <c>model.onnx</c> and <c>config.json</c>.</summary>
public static class ModelArtifacts
{
    public const string ModelFileName = "model.onnx";
    public const string ConfigFileName = "config.json";

    /// <summary>The JSON settings of <c>config.json</c> (camelCase, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Builds the ONNX graph for <paramref name="model"/> and its config.</summary>
    public static (byte[] Onnx, ModelConfig Config) Create(TrainedModel model, int historyLength, TrainingInfo? training)
    {
        ArgumentNullException.ThrowIfNull(model);
        var onnx = RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(model.Table, model.Rows, model.Dimensions));
        var config = new ModelConfig
        {
            Signature = RecommenderOnnxBuilder.Signature(),
            ItemIds = model.ItemIds,
            HistoryLength = historyLength,
            PaddingIndex = 0,
            TopK = new TopKLimits { Default = 10, Max = 1000 },
            Training = training,
        };
        return (onnx, config);
    }

    /// <summary>Writes <c>model.onnx</c> and <c>config.json</c> into <paramref name="directory"/> (created if missing).</summary>
    public static void Write(string directory, byte[] onnx, ModelConfig config)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, ModelFileName), onnx);
        File.WriteAllText(Path.Combine(directory, ConfigFileName), JsonSerializer.Serialize(config, JsonOptions) + "\n");
    }

    /// <summary>Reads a model directory.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">config.json is not a model config.</exception>
    public static (byte[] Onnx, ModelConfig Config) Read(string directory)
    {
        var onnx = File.ReadAllBytes(Path.Combine(directory, ModelFileName));
        var configPath = Path.Combine(directory, ConfigFileName);
        ModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ModelConfig>(File.ReadAllText(configPath), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{configPath}' is not a model config: {e.Message}", e);
        }

        return (onnx, config ?? throw new InvalidDataException($"'{configPath}' is empty."));
    }
}

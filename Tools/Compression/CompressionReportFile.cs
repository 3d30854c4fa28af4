using System.Text.Json;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Compression;

/// <summary>Writes and reads <c>compression-report.json</c>, kept beside <c>model.onnx</c> and <c>config.json</c>.</summary>
public static class CompressionReportFile
{
    public const string FileName = "compression-report.json";

    private static JsonSerializerOptions Json => ModelArtifacts.JsonOptions;

    public static void Write(string directory, CompressionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(report, Json) + "\n");
    }

    /// <summary>The report in <paramref name="directory"/>, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a compression report.</exception>
    public static CompressionReport? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CompressionReport>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a compression report: {e.Message}", e);
        }
    }
}

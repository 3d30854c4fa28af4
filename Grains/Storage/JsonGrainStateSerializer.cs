using System.Text.Json;
using Orleans.Storage;

namespace Orleans.Rec.Storage;

/// <summary>
/// Grain state as camelCase System.Text.Json: no CLR type names in the stored documents, so state survives
/// renames of classes and namespaces.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
        ?? throw new JsonException($"Stored state for {typeof(T).Name} is the JSON literal null.");
}

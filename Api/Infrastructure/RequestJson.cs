using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>How request bodies are read as JSON: nested at most <see cref="ApiOptions.MaxJsonDepth"/> deep.</summary>
internal sealed class RequestJson(IOptions<ApiOptions> options)
{
    /// <summary>For <see cref="JsonDocument"/> reads.</summary>
    public JsonDocumentOptions Document { get; } = new() { MaxDepth = options.Value.MaxJsonDepth };

    /// <summary>For typed reads (web naming, case-insensitive).</summary>
    public JsonSerializerOptions Serializer { get; } = new(JsonSerializerDefaults.Web) { MaxDepth = options.Value.MaxJsonDepth };
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Rec.Api.Contracts;

/// <summary>
/// Source-generated JSON for the answer served most often (a recommendation list), with the API's web defaults. The
/// endpoint writes with this context's own type info, so the serializer takes the generated fast path (as one resolver
/// in ASP.NET Core's chain it would only supply metadata); every other type is written by the default resolver.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendationsResponse))]
internal sealed partial class ServingJsonContext : JsonSerializerContext;

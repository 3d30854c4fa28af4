using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Rec.Api.Contracts;

/// <summary>
/// Source-generated JSON for the answer served most often (a recommendation list), with the API's web defaults, so
/// writing it needs no reflection-built metadata; every other type is still written by the default resolver.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendationsResponse))]
internal sealed partial class ServingJsonContext : JsonSerializerContext;

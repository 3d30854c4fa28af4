using System.Text.Json.Serialization;

namespace Orleans.Rec.Models;

/// <summary>What a model input or output means to the platform.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TensorRole>))]
public enum TensorRole
{
    /// <summary>Input: the user's history as model item indices, shape [batch, length], 0 = padding.</summary>
    [JsonStringEnumMemberName("historyItemIds")]
    HistoryItemIds,

    /// <summary>Input (optional): the number of real items in each history row, shape [batch].</summary>
    [JsonStringEnumMemberName("historyLength")]
    HistoryLength,

    /// <summary>Input (optional): how many items to return, a 1-D int64 tensor of shape [1].</summary>
    [JsonStringEnumMemberName("topK")]
    TopK,

    /// <summary>Output: scores, shape [batch, k] (aligned with <see cref="ItemIds"/>) or [batch, items] when no item-id output exists.</summary>
    [JsonStringEnumMemberName("scores")]
    Scores,

    /// <summary>Output: model item indices ranked best first, shape [batch, k].</summary>
    [JsonStringEnumMemberName("itemIds")]
    ItemIds,
}

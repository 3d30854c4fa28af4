using System.Text.Json.Serialization;

namespace Orleans.Rec.Events;

/// <summary>What the user did with the item.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UserEventType>))]
public enum UserEventType
{
    /// <summary>The user looked at the item.</summary>
    [JsonStringEnumMemberName("view")]
    View,

    /// <summary>The user put the item in the cart.</summary>
    [JsonStringEnumMemberName("cart")]
    Cart,

    /// <summary>The user bought the item.</summary>
    [JsonStringEnumMemberName("purchase")]
    Purchase,
}

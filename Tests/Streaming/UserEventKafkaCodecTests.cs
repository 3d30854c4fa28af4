using System.Text;
using Confluent.Kafka;
using Orleans.Rec.Events;
using Orleans.Rec.Streaming;

namespace Orleans.Rec.Tests.Streaming;

public sealed class UserEventKafkaCodecTests
{
    private readonly UserEventKafkaCodec _codec = new();

    [Fact]
    public void Decode_WhenEventHasNoId_DerivesItFromTopicPartitionOffset()
    {
        var result = _codec.Decode("user-events", Message("u1", """{"userId":"u1","itemId":42,"type":"cart","timestamp":1700000000000,"categoryId":"c"}""", offset: 17));

        Assert.False(result.IsPoison);
        var e = Assert.IsType<UserEvent>(result.Event);
        Assert.Equal("events/3/17", e.EventId);
        Assert.Equal("u1", e.UserId);
        Assert.Equal("42", e.ItemId);
        Assert.Equal(UserEventType.Cart, e.Type);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), e.Timestamp);
        Assert.Equal("c", e.CategoryId);
        Assert.Equal(StreamId.Create("user-events", "u1"), result.StreamId);
    }

    [Theory]
    [InlineData("{oops", "invalid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"userId":"u1","type":"view"}""", "itemId is required")]
    [InlineData("""{"userId":"u1","itemId":"i","type":"like"}""", "type 'like' is not an event type; expected view, cart or purchase")]
    [InlineData("""{"userId":"u1","itemId":"i","type":"view","timestamp":"yesterday"}""", "timestamp must be an ISO-8601 date-time or unix milliseconds")]
    [InlineData("""{"userId":"u2","itemId":"i","type":"view"}""", "key 'u1' does not match userId 'u2'")]
    public void Decode_WhenMessageIsPoison_SaysWhy(string json, string reason)
    {
        var result = _codec.Decode("user-events", Message("u1", json, offset: 1));

        Assert.True(result.IsPoison);
        Assert.StartsWith(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ThenDecode_KeepsTheEvent()
    {
        var e = new UserEvent { EventId = "e1", UserId = "u1", ItemId = "i1", Type = UserEventType.Purchase, Timestamp = DateTimeOffset.UnixEpoch.AddDays(1), CategoryId = "c1", SessionId = "s1" };

        var message = _codec.Encode(StreamId.Create("user-events", "u1"), e);
        var decoded = _codec.Decode("user-events", Message(Encoding.UTF8.GetString(message.Key!), Encoding.UTF8.GetString(message.Value!), offset: 5));

        // Decoding adds where and when the message was produced (a pushed list names its trigger's offset and time).
        Assert.Equal(e with { Source = "events/3/5", ProducedAt = DateTimeOffset.UnixEpoch }, decoded.Event);
    }

    private static ConsumeResult<byte[]?, byte[]?> Message(string key, string value, long offset) => new()
    {
        Topic = "events",
        Partition = new Partition(3),
        Offset = new Offset(offset),
        Message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value), Timestamp = new Timestamp(DateTime.UnixEpoch) },
    };
}

using System.Text.Json;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Events;

namespace Orleans.Rec.Tests.Api;

public sealed class EventParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static (List<UserEvent> Events, Dictionary<string, string[]> Errors) Parse(string json, int max = 10)
    {
        var errors = new Dictionary<string, string[]>();
        using var doc = JsonDocument.Parse(json);
        return (EventParser.Parse(doc.RootElement, max, Now, errors), errors);
    }

    [Fact]
    public void Parse_WhenIdsAreNumbers_KeepsTheirText()
    {
        var (events, errors) = Parse("""{"userId":17,"itemId":214826,"type":"purchase","categoryId":5,"eventId":"x"}""");

        Assert.Empty(errors);
        var e = Assert.Single(events);
        Assert.Equal(new UserEvent { EventId = "x", UserId = "17", ItemId = "214826", Type = UserEventType.Purchase, Timestamp = Now, CategoryId = "5" }, e);
    }

    [Fact]
    public void Parse_WhenNoEventIdButTimestamp_DerivesTheSameIdEachTime()
    {
        const string json = """{"userId":"u","itemId":"i","type":"view","timestamp":"2026-01-02T03:04:05Z"}""";

        var first = Parse(json).Events.Single();
        var second = Parse(json).Events.Single();

        Assert.Equal(first.EventId, second.EventId);
        Assert.StartsWith("gw-", first.EventId, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), first.Timestamp);
    }

    [Fact]
    public void Parse_WhenNoEventIdAndNoTimestamp_GivesFreshIds()
    {
        const string json = """{"userId":"u","itemId":"i","type":"view"}""";

        Assert.NotEqual(Parse(json).Events.Single().EventId, Parse(json).Events.Single().EventId);
    }

    [Fact]
    public void Parse_WhenBatchHasSeveralBadEvents_ReportsEachWithItsIndex()
    {
        var (events, errors) = Parse("""{"events":[{"userId":"u","itemId":"i","type":"view"},{"userId":"u","type":"view"},{"userId":[],"itemId":"i","type":"cart"}]}""");

        Assert.Single(events);
        Assert.Equal(["is required"], errors["events[1].itemId"]);
        Assert.Equal(["must be a string or a number"], errors["events[2].userId"]);
    }
}

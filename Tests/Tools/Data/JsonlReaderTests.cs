using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tests.Tools.Data;

public sealed class JsonlReaderTests
{
    private const string Fixture = """
        {"eventId":"e1","userId":"u1","itemId":"i1","type":"view","timestamp":"2026-11-27T10:00:00Z","categoryId":"c1"}
        {"eventId":"e2","userId":"u1","itemId":"i2","type":"purchase","timestamp":"2026-11-27T10:05:00.5+01:00"}

        {"eventId":"e3","userId":"u1","itemId":"i2","type":"refund","timestamp":"2026-11-27T10:05:00Z"}
        {"eventId":"e4","userId":"u1","itemId":"i2","type":"view","timestamp":"yesterday"}
        {"userId":"u1","itemId":"i2","type":"view","timestamp":"2026-11-27T10:05:00Z"}
        [1,2]
        """;

    [Fact]
    public void Read_WhenLinesAreValid_KeepsIdsAndTimestamps()
    {
        var reader = new JsonlReader(() => new StringReader(Fixture));

        var events = reader.Read().ToList();

        Assert.Equal(
            [
                new InteractionEvent("e1", "u1", "i1", InteractionType.View, new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), "c1"),
                new InteractionEvent("e2", "u1", "i2", InteractionType.Purchase, new DateTimeOffset(2026, 11, 27, 10, 5, 0, 500, TimeSpan.FromHours(1))),
            ],
            events);
        Assert.Equal(4, reader.SkippedRows);
    }
}

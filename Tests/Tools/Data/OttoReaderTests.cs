using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tests.Tools.Data;

public sealed class OttoReaderTests
{
    private const string Fixture = """
        {"session":7,"events":[{"aid":1517085,"ts":1659304800025,"type":"clicks"},{"aid":16246,"ts":1659367719997,"type":"carts"},{"aid":16246,"ts":1659367800000,"type":"orders"},{"aid":1,"ts":1,"type":"likes"}]}
        not json
        {"session":8,"events":[{"aid":"x","ts":1,"type":"clicks"}]}
        {"events":[]}
        """;

    [Fact]
    public void Read_WhenLinesAreValid_MapsTypesAndUsesTheSessionAsUser()
    {
        var reader = new OttoReader(() => new StringReader(Fixture));

        var events = reader.Read().ToList();

        Assert.Equal(
            [
                new InteractionEvent("ot-7-1517085-c-1659304800025", "7", "1517085", InteractionType.View, DateTimeOffset.FromUnixTimeMilliseconds(1659304800025), null, "7"),
                new InteractionEvent("ot-7-16246-a-1659367719997", "7", "16246", InteractionType.Cart, DateTimeOffset.FromUnixTimeMilliseconds(1659367719997), null, "7"),
                new InteractionEvent("ot-7-16246-o-1659367800000", "7", "16246", InteractionType.Purchase, DateTimeOffset.FromUnixTimeMilliseconds(1659367800000), null, "7"),
            ],
            events);
    }

    [Fact]
    public void Read_WhenLinesOrEventsAreMalformed_SkipsAndCountsThem()
    {
        var reader = new OttoReader(() => new StringReader(Fixture));

        _ = reader.Read().Count();

        // The unknown type, the invalid line, the non-numeric aid and the line without a session.
        Assert.Equal(4, reader.SkippedRows);
    }
}

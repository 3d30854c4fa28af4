namespace Orleans.Rec.Tools.Data;

/// <summary>The event-log formats <c>rec</c> reads.</summary>
public enum EventFormat
{
    /// <summary>Detect from the file name and first line.</summary>
    Auto,

    /// <summary>DIGINETICA (CIKM Cup 2016) item views, with purchases and categories from sibling files.</summary>
    Diginetica,

    /// <summary>Taobao UserBehavior.csv.</summary>
    Taobao,

    /// <summary>OTTO session JSON lines.</summary>
    Otto,

    /// <summary>The platform's own event JSON lines.</summary>
    Jsonl,
}

namespace Orleans.Rec.Tools.Data;

/// <summary>The kinds of interaction the platform ingests.</summary>
public enum InteractionType
{
    View,
    Cart,
    Purchase,
}

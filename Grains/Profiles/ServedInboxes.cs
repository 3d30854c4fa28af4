using System.Runtime.InteropServices;

namespace Orleans.Rec.Profiles;

/// <summary>
/// The cells in which the silo's active profiles keep the lists served from them until their grains take them
/// (<see cref="LocalProfile.TryAddServed"/>), in fixed chunks that are never moved. Serving a list writes one new
/// object into a long-lived one; the garbage collector re-reads, at every collection, about 2 KB of old objects
/// around each such write (card marking). Written into one field per profile, those writes land all over the heap
/// (a profile is allocated when its grain activates) and cost each collection one 2-KB card per list served since the
/// last one; written into these chunks they fall on a few contiguous cards (docs/benchmarks.md: GC pauses at 100k).
/// </summary>
public sealed class ServedInboxes
{
    /// <summary>Cells per chunk: 32 KB of references, under the large-object heap's threshold.</summary>
    public const int ChunkSize = 4096;

    private readonly Lock _gate = new();
    private readonly Stack<ServedInbox> _free = new();
    private ServedNode?[] _chunk = [];
    private int _next;

    /// <summary>An empty cell for a profile that is activating.</summary>
    public ServedInbox Rent()
    {
        lock (_gate)
        {
            if (_free.TryPop(out var cell))
            {
                return cell;
            }

            if (_next == _chunk.Length)
            {
                _chunk = new ServedNode?[ChunkSize];
                _next = 0;
            }

            return new ServedInbox(_chunk, _next++);
        }
    }

    /// <summary>Gives back the empty cell of a profile that closed; a later activation gets it.</summary>
    public void Return(ServedInbox cell)
    {
        lock (_gate)
        {
            _free.Push(cell);
        }
    }
}

/// <summary>
/// One profile's cell: the lists served and not yet taken, newest first. Not synchronized: its profile uses it under
/// its own lock.
/// </summary>
public readonly record struct ServedInbox(ServedNode?[] Chunk, int Index)
{
    /// <summary>Adds a list; the new node points at the older ones, so nothing already there is written.</summary>
    public void Push(ServedRecommendation served) => Chunk[Index] = new ServedNode(served, Chunk[Index]);

    /// <summary>The lists waiting, oldest first (none: null), leaving the cell empty.</summary>
    public List<ServedRecommendation>? Take()
    {
        var newest = Chunk[Index];
        if (newest is null)
        {
            return null;
        }

        Chunk[Index] = null;
        var count = 0;
        for (var node = newest; node is not null; node = node.Older)
        {
            count++;
        }

        var lists = new List<ServedRecommendation>(count);
        CollectionsMarshal.SetCount(lists, count);
        var span = CollectionsMarshal.AsSpan(lists);
        for (var node = newest; node is not null; node = node.Older)
        {
            span[--count] = node.Served;
        }

        return lists;
    }
}

/// <summary>A list in an inbox and the one served before it.</summary>
public sealed record ServedNode(ServedRecommendation Served, ServedNode? Older);

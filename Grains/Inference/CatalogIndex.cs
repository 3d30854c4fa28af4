using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Orleans.Rec.Inference;

/// <summary>
/// Catalog id → model index (item <c>i</c> of the catalog is index <c>i + 1</c>), built once per version. Every
/// request maps its whole history here, on cores that ONNX Runtime keeps streaming the embedding table through, so
/// most lookups miss the cache: an open-addressing table holds each id, its index and a hash tag in one 16-byte slot
/// (one miss per lookup instead of the four of a frozen dictionary's separate arrays), and
/// <see cref="FindRecent"/> prefetches a run of ids' strings, their slots and the catalog strings to compare before
/// probing any, so the misses overlap.
/// The hash is unseeded: the table holds only the catalog's ids, so a request cannot lengthen a probe. The lookup
/// methods are compiled optimized at once (no tiering): the first requests after a load pay no slow-tier or
/// instrumented code.
/// </summary>
internal sealed class CatalogIndex
{
    /// <summary>Ids hashed and prefetched ahead of probing.</summary>
    private const int Run = 16;

    private readonly Slot[] _slots;
    private readonly int _mask;

    /// <param name="itemIds">The catalog in model order; when an id repeats, its last position wins.</param>
    public CatalogIndex(IReadOnlyList<string> itemIds)
    {
        // At most half full: probes stay short with linear probing.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, itemIds.Count * 2));
        _slots = new Slot[size];
        _mask = size - 1;
        for (var i = 0; i < itemIds.Count; i++)
        {
            var id = itemIds[i];
            var hash = Hash(id);
            var slot = (int)hash & _mask;
            while (_slots[slot].Key is { } key && !string.Equals(key, id, StringComparison.Ordinal))
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = new Slot(id, i + 1, Tag(hash));
        }

        Count = itemIds.Count;
    }

    /// <summary>Catalog positions indexed (repeated ids included).</summary>
    public int Count { get; }

    /// <summary>The model index of <paramref name="itemId"/>; false when the catalog does not have it.</summary>
    public bool TryGetIndex(string itemId, out long index)
    {
        index = Probe(itemId, Hash(itemId));
        return index > 0;
    }

    /// <summary>
    /// Walks <paramref name="history"/> from its end and writes the indices of the ids the catalog has, newest first,
    /// until <paramref name="newestFirst"/> is full or the history runs out; returns how many it wrote.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // Only the hashes written are read.
    public int FindRecent(ReadOnlySpan<string> history, Span<long> newestFirst)
    {
        Span<ulong> hashes = stackalloc ulong[Run];
        var found = 0;
        var next = history.Length - 1;
        while (next >= 0 && found < newestFirst.Length)
        {
            // Never more ids than could still be used: the answer is the same as one lookup at a time.
            var take = Math.Min(Math.Min(Run, newestFirst.Length - found), next + 1);
            Prefetch(history.Slice(next - take + 1, take), hashes);
            for (var j = 0; j < take; j++)
            {
                var index = Probe(history[next - j], hashes[take - 1 - j]);
                if (index > 0)
                {
                    newestFirst[found++] = index;
                }
            }

            next -= take;
        }

        return found;
    }

    /// <summary>
    /// Three passes over a run, each asking the CPU to start the loads the next one needs: the ids' strings, then (as
    /// each is hashed) their home slots, then the catalog strings that a match there will compare. The misses of a
    /// run overlap instead of stalling one after another.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Prefetch(ReadOnlySpan<string> ids, Span<ulong> hashes)
    {
        foreach (var id in ids)
        {
            PrefetchObject(id);
        }

        // Pinned as bytes: a pointer to Slot itself is not allowed (it holds a reference).
        fixed (byte* slots = &Unsafe.As<Slot, byte>(ref MemoryMarshal.GetArrayDataReference(_slots)))
        {
            for (var j = 0; j < ids.Length; j++)
            {
                var hash = Hash(ids[j]);
                hashes[j] = hash;
                if (Sse.IsSupported)
                {
                    Sse.Prefetch0(slots + (((int)hash & _mask) * Unsafe.SizeOf<Slot>()));
                }
            }
        }

        for (var j = 0; j < ids.Length; j++)
        {
            ref readonly var home = ref _slots[(int)hashes[j] & _mask];
            if (home.Key is { } key && home.Tag == Tag(hashes[j]))
            {
                PrefetchObject(key);
            }
        }
    }

    /// <summary>Starts loading a string's header and first characters.</summary>
    private static unsafe void PrefetchObject(string value)
    {
        if (Sse.IsSupported)
        {
            // The object's address, only as a hint: prefetching an address the GC has since moved is harmless.
            Sse.Prefetch0((void*)Unsafe.As<string, nint>(ref value));
        }
    }

    /// <summary>The index of <paramref name="itemId"/>, or 0 when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Probe(string itemId, ulong hash)
    {
        var tag = Tag(hash);
        var slot = (int)hash & _mask;
        while (true)
        {
            ref readonly var entry = ref _slots[slot];
            if (entry.Key is null)
            {
                return 0;
            }

            if (entry.Tag == tag && string.Equals(entry.Key, itemId, StringComparison.Ordinal))
            {
                return entry.Index;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>
    /// A 64-bit hash of the id's UTF-16 code units (and length): eight bytes at a time multiplied and rotated in, then the
    /// MurmurHash3 finalizer so that ids differing in one digit land far apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(string id)
    {
        var all = MemoryMarshal.AsBytes(id.AsSpan());
        var hash = 0x9E3779B97F4A7C15UL ^ (ulong)all.Length;
        var bytes = all;
        while (bytes.Length >= sizeof(ulong))
        {
            hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[sizeof(ulong)..];
        }

        if (bytes.Length > 0 && all.Length >= sizeof(ulong))
        {
            // Two, four or six bytes left: the last eight bytes, overlapping the block before.
            hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(all[^sizeof(ulong)..]));
        }
        else if (bytes.Length > 0)
        {
            // Shorter than eight bytes in all: one UTF-16 code unit at a time.
            ulong tail = 0;
            for (var i = bytes.Length - 2; i >= 0; i -= 2)
            {
                tail = (tail << 16) | BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]);
            }

            hash = Mix(hash, tail);
        }

        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53UL;
        hash ^= hash >> 33;
        return hash;
    }

    private static ulong Mix(ulong hash, ulong block) => BitOperations.RotateLeft((hash ^ block) * 0xFF51AFD7ED558CCDUL, 29);

    /// <summary>The hash bits the slot position does not use, to skip most string compares on a collision.</summary>
    private static uint Tag(ulong hash) => (uint)(hash >> 32);

    /// <summary>One catalog id, its model index and its hash tag (16 bytes; empty when the key is null).</summary>
    private readonly record struct Slot(string? Key, int Index, uint Tag);
}

using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Agents;

/// <summary>
/// Snapshot part of <see cref="TransitionTally"/>: the running sums as raw doubles, the trajectory flags, the row slots,
/// the rows and the pairs in first-visit order, and the spill arrays' capacities (restored as they were, so the
/// restored tally grows exactly as the original would). Nothing is recomputed: the divergences are incremental sums
/// whose bits depend on the order of updates, so recomputing them would not give the same bits.
/// </summary>
internal partial struct TransitionTally
{
    internal readonly void WriteTo(SessionSnapshotWriter writer)
    {
        writer.WriteDouble(DivergenceHuman);
        writer.WriteDouble(DivergenceAgent);
        writer.WriteDouble(SumPairNLogN);
        writer.WriteDouble(SumRowNLogN);
        writer.WriteInt32(Transitions);
        writer.WriteByte((byte)_last);
        writer.WriteBool(_started);
        writer.WriteBool(_ended);
        writer.WriteBytes(_rowSlot);
        writer.WriteByte(_rowCount);
        writer.WriteInt32(_moreRows?.Length ?? 0);
        for (var r = 0; r < _rowCount; r++)
        {
            var row = RowAt(r);
            for (var c = 0; c < RowWidth; c++)
            {
                writer.WriteDouble(row[c]);
            }
        }

        writer.WriteInt32(_pairCount);
        writer.WriteInt32((_morePairs?.Length ?? 0) / 2);
        for (var i = 0; i < _pairCount; i++)
        {
            var (key, count) = PairAt(i);
            writer.WriteInt32(key);
            writer.WriteInt32(count);
        }
    }

    internal void ReadFrom(ref SessionSnapshotReader reader)
    {
        DivergenceHuman = reader.ReadDouble();
        DivergenceAgent = reader.ReadDouble();
        SumPairNLogN = reader.ReadDouble();
        SumRowNLogN = reader.ReadDouble();
        Transitions = reader.ReadCount(0, int.MaxValue, "transitions");
        var last = reader.ReadByte();
        if (last >= S)
        {
            throw new InvalidDataException($"snapshot: last state {last} is not a state (< {S})");
        }

        _last = (EventName)last;
        _started = reader.ReadBool();
        _ended = reader.ReadBool();
        reader.ReadBytes(_rowSlot);
        var rows = reader.ReadByte();
        if (rows > S)
        {
            throw new InvalidDataException($"snapshot: {rows} transition rows, more than the {S} states");
        }

        foreach (var slot in (ReadOnlySpan<byte>)_rowSlot)
        {
            if (slot > rows)
            {
                throw new InvalidDataException($"snapshot: row slot {slot} beyond the {rows} rows");
            }
        }

        _rowCount = rows;
        var rowCapacity = reader.ReadCount(Math.Max(0, rows - InlineRows) * RowWidth, S * RowWidth, "row capacity");
        _moreRows = rowCapacity == 0 ? null : new double[rowCapacity];
        for (var r = 0; r < rows; r++)
        {
            var row = Row(r);
            for (var c = 0; c < RowWidth; c++)
            {
                row[c] = reader.ReadDouble();
            }
        }

        _pairCount = reader.ReadCount(0, S * S, "transition pairs");
        var pairCapacity = reader.ReadCount(Math.Max(0, _pairCount - InlinePairs), 2 * S * S, "pair capacity");
        _morePairs = pairCapacity == 0 ? null : new int[pairCapacity * 2];
        for (var i = 0; i < _pairCount; i++)
        {
            var key = reader.ReadInt32();
            var count = reader.ReadInt32();
            if ((uint)key >= S * S)
            {
                throw new InvalidDataException($"snapshot: transition pair key {key} is outside [0, {S * S})");
            }

            if (i < InlinePairs)
            {
                _inlineKeys[i] = key;
                _inlineCounts[i] = count;
            }
            else
            {
                _morePairs![i - InlinePairs] = key;
                _morePairs[pairCapacity + i - InlinePairs] = count;
            }
        }
    }

    /// <summary>A row's values for reading (the <see cref="Row"/> of a readonly tally).</summary>
    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    private readonly ReadOnlySpan<double> RowAt(int index) =>
        index < InlineRows
            ? ((ReadOnlySpan<double>)_inlineRows).Slice(index * RowWidth, RowWidth)
            : _moreRows.AsSpan((index - InlineRows) * RowWidth, RowWidth);
}

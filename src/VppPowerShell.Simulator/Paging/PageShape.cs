using System;
using VppPowerShell.Simulator.Model;

namespace VppPowerShell.Simulator.Paging;

/// <summary>Where a v2 page sits in its listing: its index, the next one if any, the page count.</summary>
internal struct PageShape
{
    public int Current;
    public int? Next;
    public int TotalPages;

    /// <summary>
    /// Page bounds; an empty list has one (empty) page; out of range → 9650. The paging quirks
    /// (<see cref="SimulatorQuirks"/>) shift, repeat or extend the pages here, and a page after
    /// the first may find its data set at a new version.
    /// </summary>
    public static PageShape Of(int total, int page, int pageSize, SimulatorQuirks quirks, DataSetVersion version, out int start, out int count)
    {
        if (page > 0 && quirks.TakeVersionChange()) version.Current++;
        int realPages = total == 0 ? 1 : (int)(((long)total + pageSize - 1) / pageSize);
        int shift = quirks.EmptyFirstPage ? 1 : 0;
        int totalPages = realPages + shift;
        int realPage = page - shift;
        if (page >= totalPages && !quirks.EndlessPaging) throw new ApiException(ErrorCatalog.PageIndexOutOfRange);
        if (realPage < 0 || realPage >= realPages)
        {
            start = 0;
            count = 0;
        }
        else
        {
            start = (int)Math.Min((long)realPage * pageSize, total);
            count = Math.Min(pageSize, total - start);
        }
        var shape = new PageShape { Current = page, TotalPages = totalPages };
        if (quirks.EndlessPaging)
        {
            shape.TotalPages = Math.Max(totalPages, page + 2);
            shape.Next = page + 1;
        }
        else if (page + 1 < totalPages)
        {
            shape.Next = page + 1;
        }
        if (shape.Next != null && quirks.NextPageIndexRepeats) shape.Next = page;
        if (shape.Next == null && quirks.NextPageIndexPastTheEnd) shape.Next = totalPages + 1;
        return shape;
    }
}

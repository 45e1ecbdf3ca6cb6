package io.jail4j.examples.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** LIST lines in vsftpd's format and RFC 3659 facts. */
class ListingTest {
    private static final long MAR_5_2020_10_00 = 1_583_402_400L;

    @Test
    void oldFile_line_showsYearAsVsftpd() {
        Listing.Entry e = new Listing.Entry("a.txt", 0100644, 1, 0, 0, 2, MAR_5_2020_10_00, null);
        assertEquals("-rw-r--r--    1 0        0               2 Mar 05  2020 a.txt",
                Listing.line(e, MAR_5_2020_10_00 + 365L * 86400));
    }

    @Test
    void recentFile_line_showsTime() {
        Listing.Entry e = new Listing.Entry("dir é", 040755, 2, 0, 0, 4096, MAR_5_2020_10_00, null);
        assertEquals("drwxr-xr-x    2 0        0            4096 Mar 05 10:00 dir é", Listing.line(e, MAR_5_2020_10_00 + 86400));
    }

    @Test
    void futureFile_line_showsYear() {
        Listing.Entry e = new Listing.Entry("f", 0100600, 1, 1000, 1000, 123456789, MAR_5_2020_10_00, null);
        assertEquals("-rw-------    1 1000     1000     123456789 Mar 05  2020 f", Listing.line(e, MAR_5_2020_10_00 - 10));
    }

    @Test
    void symlinkWithControlCharacters_line_printableWithTarget() {
        Listing.Entry e = new Listing.Entry("a\r\n226 fake", 0120777, 1, 0, 0, 11, MAR_5_2020_10_00, "/etc/passwd");
        assertEquals("lrwxrwxrwx    1 0        0              11 Mar 05 10:00 a??226 fake -> /etc/passwd",
                Listing.line(e, MAR_5_2020_10_00));
    }

    @Test
    void specialBits_permissions_lettersAsLs() {
        assertEquals("drwxrwxrwt", Listing.permissions(041777));
        assertEquals("-rwsr-sr-x", Listing.permissions(0106755));
        assertEquals("-rwSr-Sr-T", Listing.permissions(0107644));
        assertEquals("d-wx------", Listing.permissions(040300));
    }

    @Test
    void facts_selected_inRfc3659Form() {
        Listing.Entry e = new Listing.Entry("a.txt", 0100644, 1, 0, 0, 2, MAR_5_2020_10_00, null);
        assertEquals("type=file;size=2;modify=20200305100000;perm=r; a.txt",
                Listing.facts(e, "file", "r", List.of("type", "size", "modify", "perm"), "a.txt"));
        assertEquals("size=2; a.txt", Listing.facts(e, "file", "r", List.of("size"), "a.txt"));
    }
}

package org.cmoportal.money;

/** A stable merge sort of int indexes by a comparator, so a million lines sort without boxing. */
final class IndexSort {

    /** Compares the items at two indexes. */
    interface IndexComparator {
        int compare(int a, int b);
    }

    private IndexSort() {
    }

    static void sort(int[] a, int from, int to, IndexComparator cmp) {
        if (to - from < 2) {
            return;
        }
        int[] buffer = new int[to - from];
        sort(a, from, to, cmp, buffer);
    }

    private static void sort(int[] a, int from, int to, IndexComparator cmp, int[] buffer) {
        int n = to - from;
        if (n <= 24) {
            for (int i = from + 1; i < to; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= from && cmp.compare(a[j], x) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sort(a, from, mid, cmp, buffer);
        sort(a, mid, to, cmp, buffer);
        if (cmp.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, buffer, 0, mid - from);
        int i = 0;
        int iEnd = mid - from;
        int j = mid;
        int k = from;
        while (i < iEnd && j < to) {
            if (cmp.compare(a[j], buffer[i]) < 0) {
                a[k++] = a[j++];
            } else {
                a[k++] = buffer[i++];
            }
        }
        while (i < iEnd) {
            a[k++] = buffer[i++];
        }
    }
}

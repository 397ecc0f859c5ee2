package io.registryconsole.shared;

import java.util.Set;
import java.util.TreeSet;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** Lists sort only by the properties a feature allows, so a sort parameter cannot probe stored columns. */
public final class Sorting {

    private Sorting() {
    }

    /**
     * @return the pageable with {@code defaultSort} when it has no sort
     * @throws InvalidInputException naming the allowed properties when it sorts by anything else
     */
    public static Pageable restrict(Pageable pageable, Set<String> allowed, Sort defaultSort) {
        for (Sort.Order order : pageable.getSort()) {
            if (!allowed.contains(order.getProperty())) {
                throw new InvalidInputException("sort", "cannot sort by '" + abbreviate(order.getProperty())
                    + "'; sort by one of " + new TreeSet<>(allowed));
            }
        }
        if (pageable.getSort().isUnsorted() && pageable.isPaged()) {
            return PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), defaultSort);
        }
        return pageable;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}

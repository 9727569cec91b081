package io.cartpulse.bench.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartpulse.avro.ClickEvent;
import io.cartpulse.click.Rees46Csv;
import io.cartpulse.inventory.InventoryCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir
  Path dir;

  @Test
  void copiesEveryRowOncePerCopyWithItsOwnShoppersInTimeOrder() throws Exception {
    Path sample = dir.resolve("sample.csv");
    // CRLF line ends as in the REES46 sample; the second row has no session (it stays empty).
    Files.writeString(sample, Rees46Csv.HEADER + "\r\n"
        + "2019-10-01 00:00:00 UTC,view,1,2,a.b,x,1.00,7,s1\r\n"
        + "2019-10-01 00:00:05 UTC,cart,1,2,a.b,x,1.00,8,\r\n");

    Path copies = Datasets.rees46Copies(dir.resolve("data"), sample, 3);

    Datasets.Parsed parsed = Datasets.read(copies);
    assertThat(parsed.invalid()).isZero();
    List<ClickEvent> events = parsed.events();
    assertThat(events).extracting(ClickEvent::getUserId)
        .containsExactly("7-0", "7-1", "7-2", "8-0", "8-1", "8-2");
    assertThat(events.subList(0, 3)).extracting(ClickEvent::getUserSession).containsExactly("s1-0", "s1-1", "s1-2");
    assertThat(events.subList(3, 6)).extracting(ClickEvent::getUserSession).allMatch(s -> s == null || s.isEmpty());
    assertThat(events).extracting(e -> e.getEventTime().toEpochMilli()).isSorted();
    // Cached: asked again, the same file.
    assertThat(Datasets.rees46Copies(dir.resolve("data"), sample, 3)).isEqualTo(copies);
  }

  @Test
  void inventoryForTheShopIsAValidInventoryFile() throws Exception {
    Path shop = Datasets.syntheticShop(dir, 2_000);

    Path inventory = Datasets.inventoryFor(dir, shop);

    long[] valid = {0};
    long[] invalid = {0};
    InventoryCsv.read(inventory, row -> {
      if (row.isValid()) {
        valid[0]++;
      } else {
        invalid[0]++;
      }
    });
    assertThat(valid[0]).isPositive();
    assertThat(invalid[0]).isZero();
  }
}

package io.cartpulse.dashboard.feed;

import io.cartpulse.dashboard.view.OfferedProduct;
import io.cartpulse.registry.AvroWireCodec;
import io.cartpulse.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads {@code offers} records (Avro {@code Offer}: the alert and its related in-stock products,
 * issue 13) by their writer schema from the registry, as generic records: the dashboard needs only
 * {@code alert.alertId} and {@code related[].productId/score/available}, and reading them by name
 * keeps it independent of the generated class and of fields added later. The wire-format header is
 * {@link AvroWireCodec}'s (magic byte, 4-byte schema id).
 */
final class OfferDecoder {
  /** An offer as the feed shows it. */
  record DecodedOffer(String alertId, List<OfferedProduct> products) {}

  private final SchemaRegistryClient registry;
  private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new HashMap<>();

  OfferDecoder(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  /** The offer, or an {@link IllegalArgumentException} saying why the record cannot be one. */
  DecodedOffer decode(byte[] bytes) {
    if (bytes == null || bytes.length < AvroWireCodec.HEADER_SIZE || bytes[0] != AvroWireCodec.MAGIC_BYTE) {
      throw new IllegalArgumentException("not a Confluent wire-format record");
    }
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    GenericRecord offer;
    try {
      offer = readers.computeIfAbsent(id, schemaId -> new GenericDatumReader<>(registry.getById(schemaId)))
          .read(null, DecoderFactory.get().binaryDecoder(bytes, AvroWireCodec.HEADER_SIZE,
              bytes.length - AvroWireCodec.HEADER_SIZE, null));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("schema id " + id + ": " + e.getMessage(), e);
    }
    if (!(offer.get("alert") instanceof GenericRecord alert) || alert.get("alertId") == null) {
      throw new IllegalArgumentException("schema id " + id + " has no alert.alertId");
    }
    List<OfferedProduct> products = new ArrayList<>();
    if (offer.getSchema().getField("related") != null && offer.get("related") instanceof List<?> related) {
      for (Object item : related) {
        GenericRecord product = (GenericRecord) item;
        Object available = product.get("available");
        products.add(new OfferedProduct(String.valueOf(product.get("productId")),
            ((Number) product.get("score")).longValue(), available == null ? null : ((Number) available).intValue()));
      }
    }
    return new DecodedOffer(alert.get("alertId").toString(), products);
  }
}

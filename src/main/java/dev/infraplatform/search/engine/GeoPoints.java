package dev.infraplatform.search.engine;

import java.util.List;
import java.util.Map;

/**
 * The forms of a {@code geo_point} value Elasticsearch accepts: {@code {"lat": …, "lon": …}},
 * GeoJSON {@code {"type": "Point", "coordinates": [lon, lat]}}, an array {@code [lon, lat]}, a
 * string {@code "lat,lon"} or WKT {@code "POINT (lon lat)"}. Geohashes are not read. Stateless.
 */
final class GeoPoints {

    private GeoPoints() {
    }

    /**
     * {@code [lat, lon]} of a value.
     *
     * @throws IllegalArgumentException if the value is not a point or out of range
     */
    static double[] parse(Object value) {
        double lat;
        double lon;
        if (value instanceof List<?> list) {
            if (list.size() < 2 || list.size() > 3) {
                throw new IllegalArgumentException("[geo_point] array must have 2 or 3 values");
            }
            lon = number(list.get(0));
            lat = number(list.get(1));
        } else if (value instanceof Map<?, ?> map) {
            if (map.containsKey("coordinates")) {
                return parse(map.get("coordinates"));
            }
            if (!map.containsKey("lat") || !map.containsKey("lon")) {
                throw new IllegalArgumentException("field [lat] and [lon] must be set");
            }
            lat = number(map.get("lat"));
            lon = number(map.get("lon"));
        } else {
            String text = value.toString().trim();
            if (text.regionMatches(true, 0, "POINT", 0, 5)) {
                String[] parts = text.substring(5).replace("(", "").replace(")", "").trim().split("\\s+");
                lon = Double.parseDouble(parts[0]);
                lat = Double.parseDouble(parts[1]);
            } else {
                String[] parts = text.split(",");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("unsupported geo_point value [" + text + "]");
                }
                lat = Double.parseDouble(parts[0].trim());
                lon = Double.parseDouble(parts[1].trim());
            }
        }
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("illegal latitude value [" + lat + "]");
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("illegal longitude value [" + lon + "]");
        }
        return new double[] {lat, lon};
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
    }
}

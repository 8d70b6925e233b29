package io.gameport.sample.room;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;

/** Records what each connected endpoint would receive, as the server's broadcast would deliver it. */
final class RecordingEvents implements RoomEvents<String> {

    record Delivery(String endpoint, Message message) {
    }

    final List<Delivery> deliveries = new ArrayList<>();

    @Override
    public void broadcast(Room<String> room, Message message, long exceptPlayerId) {
        for (Player<String> member : room.members()) {
            if (member.connected() && member.playerId() != exceptPlayerId) {
                deliveries.add(new Delivery(member.endpoint(), message));
            }
        }
    }

    <T extends Message> List<T> receivedBy(String endpoint, Class<T> type) {
        List<T> list = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (delivery.endpoint().equals(endpoint) && type.isInstance(delivery.message())) {
                list.add(type.cast(delivery.message()));
            }
        }
        return list;
    }
}
